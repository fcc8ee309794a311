// Sending exactly once: every message goes through the idempotency ledger before it reaches a provider.
import type { Stores } from '../db';
import type { Channel, ChannelMessage } from './channels/channel';
import type { ChannelRegistry } from './channels';
import type { EmailMessage } from './channels/email';
import { hashBody, SMS_TIMEOUT_MS, type SmsMessage } from './channels/sms';
import { PermanentSendError, RetryableSendError } from './errors';

export type SendOutcome = 'sent' | 'already-sent' | 'in-doubt' | 'retry' | 'permanent-failure' | 'skipped';

/**
 * Builds the messages of the keys the ledger let through, in the order given (one message per key). Called
 * only after the claim, so a token minted for a message is minted once per real send. A key whose message could
 * not be built is given as undefined: only that one is freed for the next attempt (a throw frees them all).
 */
export type BuildMany<M> = (keys: NotificationKey[]) => Promise<(M | undefined)[]>;

export interface Notifier {
  /** Whether this deployment can send on the channel (no Twilio credentials: no 'sms'). */
  has(channel: string): boolean;
  /** Many messages on any registered channel; outcomes in the keys' order ('skipped' when it is not configured). */
  sendMany<M extends ChannelMessage>(
    channel: string,
    keys: NotificationKey[],
    build: BuildMany<M>,
  ): Promise<SendOutcome[]>;
  sms(key: NotificationKey, message: () => Promise<SmsMessage> | SmsMessage): Promise<SendOutcome>;
  email(key: NotificationKey, message: () => Promise<EmailMessage> | EmailMessage): Promise<SendOutcome>;
  /** Many messages on one channel with a fixed number of ledger statements; outcomes in the keys' order. */
  smsMany(keys: NotificationKey[], build: BuildMany<SmsMessage>): Promise<SendOutcome[]>;
  emailMany(keys: NotificationKey[], build: BuildMany<EmailMessage>): Promise<SendOutcome[]>;
}

export interface NotificationKey {
  requestId: string | null;
  userId: string | null;
  /** What the message is for, e.g. "offer-w1" or "covered". Part of the idempotency key. */
  purpose: string;
}

/**
 * How old a claim must be before it is settled as dead: well beyond the client's own timeout (10 s), because a
 * call the client gave up on may still be taken by the provider later (a provider under load reads its queue
 * late; a local sink on a starved machine did so after 15 s, and the message then went out twice). Only a
 * message in doubt waits this long.
 */
export const IN_DOUBT_AFTER_MS = SMS_TIMEOUT_MS * 6;

export function createNotifier(stores: Stores, channels: ChannelRegistry): Notifier {
  const ledger = stores.notifications;
  const channelOf = (name: string) => channels[name] as Channel<ChannelMessage> | undefined;
  /**
   * The keys this process has claimed and not yet settled, each with the end of the call that holds it. A key in
   * doubt that is held here is not dead but still running (a wave's first attempt that outlived its bound while a
   * retry began beside it, in this same worker): the retry waits for that call, then claims again, instead of
   * waiting out IN_DOUBT_AFTER_MS as for a process that died.
   */
  const running = new Map<string, Promise<void>>();

  /**
   * The one send path, for one message or a whole wave: claim every key in one statement, settle the rare
   * in-doubt ones one by one, build the claimed messages together, record the SMS texts' hashes before
   * any provider call, send all at once, then record what happened.
   */
  async function sendMany<M extends ChannelMessage>(
    channel: string,
    keys: NotificationKey[],
    build: BuildMany<M>,
  ): Promise<SendOutcome[]> {
    const provider = channelOf(channel);
    if (!provider) return keys.map(() => 'skipped');
    const ids = keys.map((k) => [k.requestId ?? '-', k.userId ?? '-', k.purpose, channel].join(':'));
    const claimInputs = keys.map((k, i) => ({ key: ids[i], channel, ...k }));
    const claims = await ledger.claimMany(claimInputs);
    // Held by a call still running in this process: wait for it to end (as long as an SMS call may take; an SMTP
    // server that hangs longer is settled the usual way), then claim those keys again; what it sent is
    // 'already-sent', what it left in doubt stays so.
    const heldHere = claims.flatMap((c, i) => (c === 'in-doubt' && running.has(ids[i]) ? [i] : []));
    if (heldHere.length > 0) {
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(heldHere.map((i) => running.get(ids[i]))),
        new Promise((resolve) => (bound = setTimeout(resolve, SMS_TIMEOUT_MS))),
      ]).finally(() => clearTimeout(bound));
      const again = await ledger.claimMany(heldHere.map((i) => claimInputs[i]));
      heldHere.forEach((i, n) => (claims[i] = again[n]));
    }
    // Every key this call may send (claimed now, or in doubt and settled below) is held until it ends.
    const mine = claims.flatMap((c, i) => (c === 'already-sent' ? [] : [ids[i]]));
    let release!: () => void;
    const ended = new Promise<void>((resolve) => (release = resolve));
    for (const key of mine) running.set(key, ended);
    try {
      return await sendClaimed(provider, channel, keys, ids, claims, build);
    } finally {
      for (const key of mine) if (running.get(key) === ended) running.delete(key);
      release();
    }
  }

  async function sendClaimed<M extends ChannelMessage>(
    provider: Channel<ChannelMessage>,
    channel: string,
    keys: NotificationKey[],
    ids: string[],
    claims: Awaited<ReturnType<typeof ledger.claimMany>>,
    build: BuildMany<M>,
  ): Promise<SendOutcome[]> {
    const send = (m: M, i: number) => provider.send(m, { ledgerKey: ids[i] });
    const lookable = !!provider.findSent;
    const outcomes: SendOutcome[] = claims.map((c) => (c === 'already-sent' ? c : 'retry'));
    // A timeout or an unknown error: the provider may have the message, so it stays 'sending' (in doubt).
    // An SMS is settled on a later attempt by asking the provider; an email is sent again under the same
    // Message-ID (a duplicate a mail client folds beats a lost message); a channel with neither stays in doubt.
    const unknownFailure: SendOutcome = lookable || provider.resendInDoubt ? 'retry' : 'in-doubt';
    const messages = new Map<number, M>();
    const resend: number[] = [];

    // One after another (they are rare): two keys of one batch with the same words to one phone must not both
    // take the same provider message as theirs.
    for (const [i, claim] of claims.entries()) {
      if (claim !== 'in-doubt') continue;
      if (!lookable && !provider.resendInDoubt) {
        outcomes[i] = 'in-doubt';
        continue;
      }
      let message: M | undefined;
      // Any failure while asking the provider just means "ask again on the next attempt".
      const settled = await settleInDoubt(provider, ids[i], async () => {
        message ??= (await build([keys[i]]))[0];
        if (message === undefined) throw new Error('could not prepare the message');
        return message;
      }).catch(() => 'retry' as const);
      if (settled !== 'resend') outcomes[i] = settled;
      else if (message !== undefined) messages.set(i, message);
      else resend.push(i);
    }

    const toBuild = [...claims.flatMap((c, i) => (c === 'claimed' ? [i] : [])), ...resend];
    if (toBuild.length > 0) {
      // Nothing reached a provider for what could not be built (a database blip while building): those claims are
      // freed for the next attempt.
      let unbuilt = toBuild;
      try {
        const built = await build(toBuild.map((i) => keys[i]));
        toBuild.forEach((i, n) => {
          if (built[n] !== undefined) messages.set(i, built[n] as M);
        });
        unbuilt = toBuild.filter((i) => !messages.has(i));
      } catch {
        // all of them
      }
      if (unbuilt.length > 0)
        await ledger.markFailedMany(unbuilt.map((i) => ({ key: ids[i], error: 'could not prepare the message' })));
    }
    const ready = [...messages.entries()];
    if (ready.length === 0) return outcomes;

    try {
      if (lookable) {
        await ledger.setBodyHashes(
          ready.flatMap(([i, m]) => {
            const body = (m as { body?: string }).body;
            return body === undefined ? [] : [{ key: ids[i], bodyHash: hashBody(body) }];
          }),
        );
      }
    } catch {
      // Nothing was handed to a provider, but the claims stand: settled like any send in doubt.
      for (const [i] of ready) outcomes[i] = unknownFailure;
      return outcomes;
    }
    const results = await Promise.all(
      ready.map(async ([i, m]) => {
        try {
          return { i, providerId: (await send(m, i)).providerId };
        } catch (err) {
          return { i, err };
        }
      }),
    );
    const sent = results.filter((r) => r.providerId !== undefined);
    try {
      await ledger.markSentMany(sent.map((r) => ({ key: ids[r.i], providerId: r.providerId as string })));
      for (const r of sent) outcomes[r.i] = 'sent';
    } catch {
      for (const r of sent) outcomes[r.i] = unknownFailure;
    }
    const refused: { key: string; error: string }[] = [];
    for (const { i, err } of results) {
      if (err instanceof PermanentSendError || err instanceof RetryableSendError) {
        // The provider refused it for sure: a retry may send it (a permanent refusal is not retried).
        refused.push({ key: ids[i], error: err.message });
        outcomes[i] = err instanceof PermanentSendError ? 'permanent-failure' : 'retry';
      } else if (err !== undefined) outcomes[i] = unknownFailure;
    }
    await ledger.markFailedMany(refused);
    return outcomes;
  }

  /**
   * An SMS left 'sending' by a process that died mid-call: ask the provider whether it took it (the text's
   * hash was recorded before the call). Taken: it counts as sent. Not taken: it is sent now, once. A claim
   * younger than the provider call's own timeout may still be in flight elsewhere: try again later.
   */
  async function settleInDoubt(
    provider: Channel<ChannelMessage>,
    key: string,
    build: () => Promise<unknown>,
  ): Promise<SendOutcome | 'resend'> {
    const doubt = await ledger.inDoubt(key);
    if (!doubt) return 'retry'; // it moved on meanwhile: look again on the next attempt
    if (Date.now() - doubt.claimedAt.getTime() < IN_DOUBT_AFTER_MS) return 'retry';
    if (!provider.findSent && !provider.resendInDoubt) return 'in-doubt';
    if (provider.findSent && doubt.bodyHash) {
      const to = ((await build()) as { to: string }).to;
      const candidates = await provider.findSent(to, doubt.bodyHash, new Date(doubt.claimedAt.getTime() - 60_000));
      // The same words may have gone to this number as another message (a "covered" notice for an earlier
      // request): a message the ledger already holds is that other one, not this.
      const recorded = await ledger.recordedProviderIds(candidates);
      const providerId = candidates.find((id) => !recorded.has(id));
      if (providerId) {
        // Recorded only if no other row took that message meanwhile; otherwise look again next attempt.
        return (await ledger.markSentIfUnheld(key, providerId)) ? 'already-sent' : 'retry';
      }
    }
    return (await ledger.reclaimInDoubt(key, doubt.claimedAt)) ? 'resend' : 'retry';
  }

  const smsMany = (keys: NotificationKey[], build: BuildMany<SmsMessage>) => sendMany('sms', keys, build);
  const emailMany = (keys: NotificationKey[], build: BuildMany<EmailMessage>) => sendMany('email', keys, build);
  return {
    has: (channel) => !!channelOf(channel),
    sendMany,
    smsMany,
    emailMany,
    sms: async (key, build) => (await smsMany([key], async () => [await build()]))[0],
    email: async (key, build) => (await emailMany([key], async () => [await build()]))[0],
  };
}
