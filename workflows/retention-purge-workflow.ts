// Started by the retention Schedule (workers/schedules.ts): purges requester contact and free
// text of requests closed longer ago than their workspace keeps them. Input and result: a count only.
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';

const { purgeExpiredRequests } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

export async function retentionPurgeWorkflow(): Promise<{ purged: number }> {
  return purgeExpiredRequests();
}
