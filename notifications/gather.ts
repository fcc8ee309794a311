// Several people told at once (after a win: the winner, the others reached, the requester), as one ledger batch per
// channel: one claim, one record of the texts' hashes and one record of what was sent for all of them, where each
// tell() on its own was a batch of its own.
import type { ChannelMessage } from './channels/channel';
import type { BuildMany, NotificationKey, Notifier, SendOutcome } from './ledger';

interface Queued {
  keys: NotificationKey[];
  build: BuildMany<ChannelMessage>;
  resolve: (outcomes: SendOutcome[]) => void;
  reject: (err: unknown) => void;
}

/**
 * A notifier whose sends begun in the same turn of the event loop go out together, one `sendMany` per channel. A
 * send begun later (its caller awaited something first) goes in a batch of its own, and so does one with a key
 * already in the batch (the ledger claims a key once per batch). Each caller builds only its own claimed
 * messages; a caller whose build fails holds back only its own (the ledger frees them for the next attempt), while
 * a failure of the batch itself (the database) is every caller's, as it is for the keys of one batch.
 */
export function gatherSends(notifier: Notifier): Notifier {
  /** Per channel, the batch still taking callers, with the ledger keys already in it. */
  const open = new Map<string, { callers: Queued[]; ids: Set<string> }>();
  const idOf = (k: NotificationKey) => [k.requestId ?? '-', k.userId ?? '-', k.purpose].join(':');

  async function flush(channel: string, callers: Queued[]): Promise<void> {
    const owner = new Map<NotificationKey, number>();
    callers.forEach((c, i) => c.keys.forEach((k) => owner.set(k, i)));
    try {
      const outcomes = await notifier.sendMany(
        channel,
        callers.flatMap((c) => c.keys),
        async (claimed) => {
          const mine = callers.map((_, i) => claimed.filter((k) => owner.get(k) === i));
          const built = await Promise.allSettled(mine.map((keys, i) => (keys.length ? callers[i].build(keys) : [])));
          const byKey = new Map<NotificationKey, ChannelMessage | undefined>();
          mine.forEach((keys, i) => {
            const b = built[i];
            keys.forEach((k, n) => byKey.set(k, b.status === 'fulfilled' ? b.value[n] : undefined));
          });
          return claimed.map((k) => byKey.get(k));
        },
      );
      let at = 0;
      for (const c of callers) {
        c.resolve(outcomes.slice(at, at + c.keys.length));
        at += c.keys.length;
      }
    } catch (err) {
      for (const c of callers) c.reject(err);
    }
  }

  function sendMany<M extends ChannelMessage>(
    channel: string,
    keys: NotificationKey[],
    build: BuildMany<M>,
  ): Promise<SendOutcome[]> {
    if (keys.length === 0) return Promise.resolve([]);
    // Each key object is the caller's own: two callers passing one object would not know whose message it is.
    const mine = keys.map((k) => ({ ...k }));
    const ids = mine.map(idOf);
    return new Promise((resolve, reject) => {
      let batch = open.get(channel);
      if (!batch || ids.some((id) => batch?.ids.has(id))) {
        const fresh = { callers: [] as Queued[], ids: new Set<string>() };
        open.set(channel, fresh);
        setImmediate(() => {
          if (open.get(channel) === fresh) open.delete(channel);
          void flush(channel, fresh.callers);
        });
        batch = fresh;
      }
      for (const id of ids) batch.ids.add(id);
      batch.callers.push({ keys: mine, build: (claimed) => build(claimed), resolve, reject });
    });
  }

  return {
    has: (channel) => notifier.has(channel),
    sendMany,
    smsMany: (keys, build) => sendMany('sms', keys, build),
    emailMany: (keys, build) => sendMany('email', keys, build),
    sms: async (key, build) => (await sendMany('sms', [key], async () => [await build()]))[0],
    email: async (key, build) => (await sendMany('email', [key], async () => [await build()]))[0],
  };
}
