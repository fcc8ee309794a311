// Started by the handover-reminder Schedule (workers/schedules.ts) every minute: reminds the leads whose
// on-call shift starts within the hour. Input none, result a count: nothing personal in the history.
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';

const { sendHandoverReminders } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '1 minute',
  // Sends are keyed per shift, so a retry sends only what did not go out; the next run starts a minute later.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export async function handoverRemindersWorkflow(): Promise<{ sent: number }> {
  // Workflow time is deterministic: a replay asks about the same moment.
  return { sent: await sendHandoverReminders({ at: Date.now() }) };
}
