// Posting a private message: stored (encrypted) first, then a durable workflow tells the other person
// that there is one. Shared by the message pages and the supervision check-in.
import type { Client } from '@temporalio/client';
import type { MessageThread, Stores } from '../../db';
import { createEngine } from '../../engine';

const START_DEADLINE_MS = 5000;

export function createMessagingService(deps: {
  stores: Stores;
  temporal: Client;
  taskQueue: string;
  log: (msg: string) => void;
}) {
  const { stores, log } = deps;
  const engine = createEngine(deps.temporal, deps.taskQueue);
  return {
    async post(thread: MessageThread, authorId: string, body: string): Promise<number> {
      const messageId = await stores.messages.post(thread.id, authorId, body);
      try {
        // One message, one notice: a notice already started is fine.
        await engine.within(START_DEADLINE_MS, () => engine.startMessageNotice(messageId));
      } catch (err) {
        // The message is kept and readable; only the notice is missing (ids only in the log).
        log(`message ${messageId}: notice not started: ${(err as Error).name}`);
      }
      return messageId;
    },
  };
}
export type MessagingService = ReturnType<typeof createMessagingService>;
