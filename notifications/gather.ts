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
 * send begun later (its caller awaited something first) goes in a batch of its own: what is merged changes only
 * how many statements the ledger runs, never what is sent (each key is still claimed once). Each caller builds only
 * its own claimed messages; a failure of the batch (a database error, a message that could not be built) is every
 * caller's, as it is for the keys of one batch, and each caller retries as it would.
 */
export function gatherSends(notifier: Notifier): Notifier {
  const queued = new Map<string, Queued[]>();

  async function flush(channel: string): Promise<void> {
    const callers = queued.get(channel) ?? [];
    queued.delete(channel);
    const owner = new Map<NotificationKey, number>();
    callers.forEach((c, i) => c.keys.forEach((k) => owner.set(k, i)));
    try {
      const outcomes = await notifier.sendMany(
        channel,
        callers.flatMap((c) => c.keys),
        async (claimed) => {
          const mine = callers.map((_, i) => claimed.filter((k) => owner.get(k) === i));
          const built = await Promise.all(mine.map((keys, i) => (keys.length ? callers[i].build(keys) : [])));
          const byKey = new Map<NotificationKey, ChannelMessage>();
          mine.forEach((keys, i) => keys.forEach((k, n) => byKey.set(k, built[i][n])));
          return claimed.map((k) => byKey.get(k) as ChannelMessage);
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
    return new Promise((resolve, reject) => {
      let callers = queued.get(channel);
      if (!callers) {
        callers = [];
        queued.set(channel, callers);
        setImmediate(() => void flush(channel));
      }
      callers.push({ keys: mine, build: (claimed) => build(claimed), resolve, reject });
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
