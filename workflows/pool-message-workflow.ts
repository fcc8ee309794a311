// One pool message (an invitation, a phone code, an email to an account's owner), sent durably: the API only starts
// this and returns.
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { PoolMessageInput } from './pool-definitions';

const { sendPoolMessage } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
});

export async function poolMessageWorkflow(input: PoolMessageInput): Promise<void> {
  await sendPoolMessage(input);
}
