// Nights kept for staff: the alerts held during a coordinator's or lead's quiet hours go out as one message
// when the hours end. A durable timer: a worker restart or a server restart loses nothing, and the message
// is sent once (the send-once ledger keys it by person and morning).
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';

export interface MorningMessageInput {
  userId: string;
  /** When their quiet hours end (epoch ms). */
  dueAt: number;
}

/** One per person and morning: alerts held for the same morning join the message already waiting. */
export const morningMessageWorkflowId = (input: MorningMessageInput): string =>
  `morning-${input.userId}-${input.dueAt}`;

const { sendMorningMessage } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

export async function morningMessageWorkflow(input: MorningMessageInput): Promise<void> {
  const wait = input.dueAt - Date.now();
  if (wait > 0) await sleep(wait);
  await sendMorningMessage(input);
}
