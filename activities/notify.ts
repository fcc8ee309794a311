// Sending exactly once: every message goes through the idempotency ledger before it reaches a provider.
import type { Stores } from '../db';
import { PermanentSendError, RetryableSendError } from './errors';
import type { EmailMessage, EmailSender } from './providers/email';
import type { SmsMessage, SmsSender } from './providers/sms';

export type SendOutcome = 'sent' | 'already-sent' | 'in-doubt' | 'retry' | 'permanent-failure' | 'skipped';

export interface Notifier {
  sms(key: NotificationKey, message: () => Promise<SmsMessage> | SmsMessage): Promise<SendOutcome>;
  email(key: NotificationKey, message: () => Promise<EmailMessage> | EmailMessage): Promise<SendOutcome>;
}

export interface NotificationKey {
  requestId: string | null;
  userId: string | null;
  /** What the message is for, e.g. "offer-w1" or "covered". Part of the idempotency key. */
  purpose: string;
}

export function createNotifier(stores: Stores, providers: { sms: SmsSender; email: EmailSender }): Notifier {
  async function sendOnce<M>(
    channel: 'sms' | 'email',
    key: NotificationKey,
    build: () => Promise<M> | M,
    send: (m: M) => Promise<{ providerId: string }>,
  ): Promise<SendOutcome> {
    const idempotencyKey = [key.requestId ?? '-', key.userId ?? '-', key.purpose, channel].join(':');
    const claim = await stores.notifications.claim({ key: idempotencyKey, channel, ...key });
    if (claim !== 'claimed') return claim;
    try {
      // Built only after the claim, so a token minted for the message is minted once per real send.
      const { providerId } = await send(await build());
      await stores.notifications.markSent(idempotencyKey, providerId);
      return 'sent';
    } catch (err) {
      if (err instanceof PermanentSendError) {
        await stores.notifications.markFailed(idempotencyKey, err.message);
        return 'permanent-failure';
      }
      if (err instanceof RetryableSendError) {
        await stores.notifications.markFailed(idempotencyKey, err.message);
        return 'retry';
      }
      // A timeout or an unknown error: the provider may have the message, so it stays 'sending' (in doubt).
      return 'in-doubt';
    }
  }

  return {
    sms: (key, build) => sendOnce('sms', key, build, (m) => providers.sms.send(m)),
    email: (key, build) => sendOnce('email', key, build, (m) => providers.email.send(m)),
  };
}
