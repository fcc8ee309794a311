// The retention purge's one side effect, run by retentionPurgeWorkflow on a Temporal Schedule.
import type { Stores } from '../db';

export function createRetentionActivities(deps: { stores: Stores }) {
  return {
    /** Idempotent: a purged request is never selected again, so a retried attempt finishes the rest. */
    async purgeExpiredRequests(): Promise<{ purged: number }> {
      return { purged: (await deps.stores.retention.purgeExpired()).length };
    },
  };
}
