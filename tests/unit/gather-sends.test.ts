// gatherSends: sends begun together go through the ledger as one batch per channel, each caller getting its own
// outcomes and building only its own claimed messages. The ledger here is a stand-in that records its batches
// (the real one is exercised by tests/workflows/after-win.test.ts).
import type { BuildMany, NotificationKey, Notifier, SendOutcome } from '../../notifications';
import { gatherSends } from '../../notifications';

interface Batch {
  channel: string;
  purposes: string[];
  built: unknown[];
}

/** A ledger that takes every key except those whose purpose starts with "sent-" (already sent), and builds the rest. */
function recordingNotifier(fail?: Error): { notifier: Notifier; batches: Batch[] } {
  const batches: Batch[] = [];
  const sendMany = async (channel: string, keys: NotificationKey[], build: BuildMany<unknown>) => {
    if (fail) throw fail;
    const claimed = keys.filter((k) => !k.purpose.startsWith('sent-'));
    const built = await build(claimed);
    batches.push({ channel, purposes: keys.map((k) => k.purpose), built });
    // As the ledger: a message built is sent, one given as undefined is freed for the next attempt.
    return keys.map((k): SendOutcome => {
      if (k.purpose.startsWith('sent-')) return 'already-sent';
      return built[claimed.indexOf(k)] === undefined ? 'retry' : 'sent';
    });
  };
  const notifier = {
    has: () => true,
    sendMany,
    smsMany: (keys: NotificationKey[], build: BuildMany<unknown>) => sendMany('sms', keys, build),
    emailMany: (keys: NotificationKey[], build: BuildMany<unknown>) => sendMany('email', keys, build),
    sms: async () => 'sent' as const,
    email: async () => 'sent' as const,
  } as unknown as Notifier;
  return { notifier, batches };
}

const key = (purpose: string): NotificationKey => ({ requestId: 'r', userId: null, purpose });
const sms = (to: string) => ({ to, body: `to ${to}` });

it('sends what is begun together as one batch per channel, each caller with its own outcomes and messages', async () => {
  const { notifier, batches } = recordingNotifier();
  const together = gatherSends(notifier);
  const builtFor: Record<string, string[]> = {};
  const builder = (who: string) => async (keys: NotificationKey[]) => {
    builtFor[who] = keys.map((k) => k.purpose);
    return keys.map((k) => sms(k.purpose));
  };
  const [a, b, c, e] = await Promise.all([
    together.smsMany([key('a1'), key('sent-a2'), key('a3')], builder('a')),
    together.sms(key('b1'), async () => sms('b1')),
    together.smsMany([key('sent-c1')], builder('c')),
    together.email(key('e1'), async () => ({ to: 'e1@example.org', subject: 's', text: 't' })),
  ]);
  expect(a).toEqual(['sent', 'already-sent', 'sent']);
  expect(b).toBe('sent');
  expect(c).toEqual(['already-sent']);
  expect(e).toBe('sent');
  expect(batches.map((x) => [x.channel, x.purposes])).toEqual([
    ['sms', ['a1', 'sent-a2', 'a3', 'b1', 'sent-c1']],
    ['email', ['e1']],
  ]);
  // Only what the ledger let through is built, each by its own caller, in the ledger's order.
  expect(builtFor).toEqual({ a: ['a1', 'a3'] });
  expect(batches[0].built).toEqual([sms('a1'), sms('a3'), sms('b1')]);
});

it('sends a caller that began after the others in a batch of its own, and nothing for no keys', async () => {
  const { notifier, batches } = recordingNotifier();
  const together = gatherSends(notifier);
  const first = together.sms(key('first'), async () => sms('first'));
  const later = (async () => {
    await first;
    return together.sms(key('later'), async () => sms('later'));
  })();
  expect(await together.smsMany([], async () => [])).toEqual([]);
  expect([await first, await later]).toEqual(['sent', 'sent']);
  expect(batches.map((x) => x.purposes)).toEqual([['first'], ['later']]);
});

it("fails every caller of a batch that fails, as the ledger's own batch does", async () => {
  const { notifier } = recordingNotifier(new Error('database gone'));
  const together = gatherSends(notifier);
  const results = await Promise.allSettled([
    together.sms(key('x'), async () => sms('x')),
    together.smsMany([key('y')], async () => [sms('y')]),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
});

it('holds back only the messages of a caller whose build fails; the others go out in the same batch', async () => {
  const { notifier, batches } = recordingNotifier();
  const together = gatherSends(notifier);
  const [broken, fine] = await Promise.all([
    together.smsMany([key('p1'), key('p2')], async () => {
      throw new Error('database blip while building');
    }),
    together.sms(key('q1'), async () => sms('q1')),
  ]);
  expect(broken).toEqual(['retry', 'retry']);
  expect(fine).toBe('sent');
  expect(batches.map((x) => [x.purposes, x.built])).toEqual([
    [
      ['p1', 'p2', 'q1'],
      [undefined, undefined, sms('q1')],
    ],
  ]);
});

it('sends a key already in the batch in a batch of its own (the ledger claims a key once per batch)', async () => {
  const { notifier, batches } = recordingNotifier();
  const together = gatherSends(notifier);
  const outcomes = await Promise.all([
    together.sms(key('same'), async () => sms('first')),
    together.sms(key('other'), async () => sms('other')),
    together.sms(key('same'), async () => sms('second')),
  ]);
  expect(outcomes).toEqual(['sent', 'sent', 'sent']);
  expect(batches.map((x) => x.purposes)).toEqual([['same', 'other'], ['same']]);
});
