// Sending exactly once: every message goes through the idempotency ledger before it reaches a provider.
import type { Stores } from '../db';
import { PermanentSendError, RetryableSendError } from './errors';
import type { EmailMessage, EmailSender } from './providers/email';
import { hashBody, SMS_TIMEOUT_MS, type SmsMessage, type SmsSender } from './providers/sms';

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

/** Longer than any provider call can take (the Twilio client's timeout is 10 s): older claims are dead. */
const IN_DOUBT_AFTER_MS = SMS_TIMEOUT_MS + 5_000;

export function createNotifier(stores: Stores, providers: { sms: SmsSender; email: EmailSender }): Notifier {
  async function sendOnce<M>(
    channel: 'sms' | 'email',
    key: NotificationKey,
    build: () => Promise<M> | M,
    send: (m: M) => Promise<{ providerId: string }>,
  ): Promise<SendOutcome> {
    const idempotencyKey = [key.requestId ?? '-', key.userId ?? '-', key.purpose, channel].join(':');
    const claim = await stores.notifications.claim({ key: idempotencyKey, channel, ...key });
    if (claim === 'already-sent') return claim;
    let message: M | undefined;
    if (claim === 'in-doubt') {
      if (channel !== 'sms') return 'in-doubt';
      // Any failure while asking the provider just means "ask again on the next attempt".
      const settled = await settleInDoubt(idempotencyKey, async () => (message ??= await build())).catch(
        () => 'retry' as const,
      );
      if (settled !== 'resend') return settled;
    }
    try {
      // Built only after the claim, so a token minted for the message is minted once per real send.
      message ??= await build();
    } catch {
      // Nothing reached a provider (a database blip while building): free the claim for the next attempt.
      await stores.notifications.markFailed(idempotencyKey, 'could not prepare the message');
      return 'retry';
    }
    try {
      const body = (message as { body?: string }).body;
      if (channel === 'sms' && body !== undefined)
        await stores.notifications.setBodyHash(idempotencyKey, hashBody(body));
      const { providerId } = await send(message);
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
      // An SMS is settled on a later attempt by asking the provider; an email cannot be, so it is not resent.
      return channel === 'sms' && providers.sms.findSent ? 'retry' : 'in-doubt';
    }
  }

  /**
   * An SMS left 'sending' by a process that died mid-call: ask the provider whether it took it (the text's
   * hash was recorded before the call). Taken: it counts as sent. Not taken: it is sent now, once. A claim
   * younger than the provider call's own timeout may still be in flight elsewhere: try again later.
   */
  async function settleInDoubt(key: string, build: () => Promise<unknown>): Promise<SendOutcome | 'resend'> {
    const doubt = await stores.notifications.inDoubt(key);
    if (!doubt) return 'retry'; // it moved on meanwhile: look again on the next attempt
    if (Date.now() - doubt.claimedAt.getTime() < IN_DOUBT_AFTER_MS) return 'retry';
    if (!providers.sms.findSent) return 'in-doubt';
    if (doubt.bodyHash) {
      const to = ((await build()) as { to: string }).to;
      const providerId = await providers.sms.findSent(to, doubt.bodyHash, new Date(doubt.claimedAt.getTime() - 60_000));
      if (providerId) {
        await stores.notifications.markSent(key, providerId);
        return 'already-sent';
      }
    }
    return (await stores.notifications.reclaimInDoubt(key, doubt.claimedAt)) ? 'resend' : 'retry';
  }

  return {
    sms: (key, build) => sendOnce('sms', key, build, (m) => providers.sms.send(m)),
    email: (key, build) => sendOnce('email', key, build, (m) => providers.email.send(m)),
  };
}
