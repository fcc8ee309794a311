// Posting a private message: stored (encrypted) first, then a durable workflow tells the other person
// that there is one. Shared by the message pages and the supervision check-in.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { MessageThread, Stores } from '../../db';
import type { messageNotificationWorkflow } from '../../workflows';
import { messageNotificationWorkflowId } from '../../workflows/definitions';

const START_DEADLINE_MS = 5000;

export function createMessagingService(deps: {
  stores: Stores;
  temporal: Client;
  taskQueue: string;
  log: (msg: string) => void;
}) {
  const { stores, temporal, taskQueue, log } = deps;
  return {
    async post(thread: MessageThread, authorId: string, body: string): Promise<number> {
      const messageId = await stores.messages.post(thread.id, authorId, body);
      try {
        await temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
          temporal.workflow.start<typeof messageNotificationWorkflow>('messageNotificationWorkflow', {
            taskQueue,
            workflowId: messageNotificationWorkflowId(messageId),
            args: [{ messageId }],
          }),
        );
      } catch (err) {
        // The message is kept and readable; only the notice is missing (ids only in the log).
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
          log(`message ${messageId}: notice not started: ${(err as Error).name}`);
        }
      }
      return messageId;
    },
  };
}
export type MessagingService = ReturnType<typeof createMessagingService>;
