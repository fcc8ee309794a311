// New-message notices: they say only that there is a message and where to read it, never its content.
import type { Stores } from '../db';
import { RetryableSendError, type SendOutcome, type Tell } from '../notifications';

export function createMessagingActivities({
  stores,
  tell,
  publicBaseUrl,
}: {
  stores: Stores;
  tell: Tell;
  publicBaseUrl: string;
}) {
  return {
    async notifyNewMessage(input: { messageId: number }): Promise<void> {
      const meta = await stores.messages.messageMeta(input.messageId);
      const thread = meta && (await stores.messages.getThread(meta.threadId));
      if (!meta || !thread) return; // deleted meanwhile: nothing to tell
      const recipients = [thread.counselorId, thread.staffId].filter((id) => id !== meta.authorId);
      const workspaceId = thread.workspaceId;
      const url = `${publicBaseUrl}/messages/${thread.id}`;
      const outcomes: SendOutcome[] = (
        await Promise.all(
          recipients.map((id) =>
            tell({ userId: id }, 'message.notice', { url }, `message-${input.messageId}`, {
              workspaceId,
              requestId: null,
            }),
          ),
        )
      ).flatMap((t) => t.outcomes);
      if (outcomes.includes('retry')) throw new RetryableSendError('a message notice was not yet accepted');
    },
  };
}
