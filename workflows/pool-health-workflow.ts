// The daily pool-health run (started by a Temporal Schedule): each workspace's health is computed and its
// coordinators get a digest, once per day (the digest's idempotency key carries the day).
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { PoolHealthInput } from './pool-definitions';

const { poolHealthWorkspaces, sendPoolHealthDigest } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Workspaces digested at once: enough to finish a large deployment quickly, few enough for the database. */
const BATCH = 20;

export async function poolHealthWorkflow(
  input: PoolHealthInput = {},
): Promise<{ workspaces: number; flagged: number; failed: number }> {
  // Workflow time is deterministic: a replay computes the same day.
  const day = new Date(Date.now()).toISOString().slice(0, 10);
  const ids = await poolHealthWorkspaces(input);
  let flagged = 0;
  let failed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    // One workspace whose digest keeps failing must not cost every workspace after it its digest.
    const results = await Promise.allSettled(
      ids.slice(i, i + BATCH).map((workspaceId) => sendPoolHealthDigest({ workspaceId, day })),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') flagged += r.value;
      else failed++;
    }
  }
  return { workspaces: ids.length, flagged, failed };
}
