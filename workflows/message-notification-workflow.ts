// A new private message: the other person hears that there is one (never what it says), durably and once.
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { MessageNotificationInput } from './definitions';

const { notifyNewMessage } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

export async function messageNotificationWorkflow(input: MessageNotificationInput): Promise<void> {
  await notifyNewMessage({ messageId: input.messageId });
}
