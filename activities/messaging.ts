// New-message notices: they say only that there is a message and where to read it, never its content.
import type { Stores } from '../db';
import { RetryableSendError } from './errors';
import type { Notifier, SendOutcome } from './notify';

export function createMessagingActivities({
  stores,
  notifier,
  publicBaseUrl,
}: {
  stores: Stores;
  notifier: Notifier;
  publicBaseUrl: string;
}) {
  return {
    async notifyNewMessage(input: { messageId: number }): Promise<void> {
      const meta = await stores.messages.messageMeta(input.messageId);
      const thread = meta && (await stores.messages.getThread(meta.threadId));
      if (!meta || !thread) return; // deleted meanwhile: nothing to tell
      const recipients = [thread.counselorId, thread.staffId].filter((id) => id !== meta.authorId);
      const people = await stores.users.getReachability(recipients);
      const url = `${publicBaseUrl}/messages/${thread.id}`;
      const outcomes: SendOutcome[] = await Promise.all(
        people.flatMap((p) => {
          const key = { requestId: null, userId: p.id, purpose: `message-${input.messageId}` };
          return [
            p.phone && !p.smsStopped
              ? notifier.sms(key, () => ({
                  to: p.phone as string,
                  body: `You have a new message on Peer Dispatch: ${url}`,
                }))
              : Promise.resolve<SendOutcome>('skipped'),
            notifier.email(key, () => ({
              to: p.email,
              subject: 'You have a new message',
              text: `You have a new private message on Peer Dispatch. Sign in to read it:\n${url}\n`,
            })),
          ];
        }),
      );
      if (outcomes.includes('retry')) throw new RetryableSendError('a message notice was not yet accepted');
    },
  };
}
