// Posting a private message: stored (encrypted) first, then a durable workflow tells the other person that there
// is one (api/notice-start.ts). Shared by the message pages and the supervision check-in.
import type { MessageThread, Stores } from '../../db';
import type { Engine } from '../../engine';
import { noticeStarter } from '../notice-start';

export function createPrivateMessagesService(deps: { stores: Stores; engine: Engine; log: (msg: string) => void }) {
  const { stores } = deps;
  const startNotice = noticeStarter(deps);
  return {
    async post(thread: MessageThread, authorId: string, body: string): Promise<number> {
      const messageId = await stores.messages.post(thread.id, authorId, body);
      await startNotice('message', messageId);
      return messageId;
    },
  };
}
export type PrivateMessagesService = ReturnType<typeof createPrivateMessagesService>;
