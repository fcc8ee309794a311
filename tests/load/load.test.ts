// Load: many requests submitted at a steady rate while counselors accept at random, by link and by SMS reply,
// often two at once. Nothing may be lost, nobody may win twice, and every offer goes out exactly once.
// The suite runs 200 requests over 20 s; `LOAD_REQUESTS=1000 LOAD_SECONDS=60 npx jest tests/load` tries the
// issue's full figure (on 2 cores, with API, worker and load generator in one process, it does not keep up).
import { hashToken } from '../../db';
import {
  FAST_POLICY,
  createCounselor,
  createWorkspace,
  startTestStack,
  submitRequest,
  untilScheduled,
  waitFor,
  type TestStack,
} from '../helpers/stack';
import { textApp } from '../helpers/twilio';

const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const POOL = 8;
const ACCEPTERS = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

it(`dispatches ${REQUESTS} requests over ${SECONDS} s with random accepts: none lost, one winner each, no double sends`, async () => {
  const ws = await createWorkspace(stack.stores, {
    ...FAST_POLICY,
    waves: [{ channel: 'sms', wait: '20m' }],
    holdOpen: '1h',
  });
  const pool = await Promise.all(
    Array.from({ length: POOL }, () => createCounselor(stack.stores, ws, { languages: ['en'] })),
  );
  const byId = new Map(pool.map((c) => [c.id, c]));

  /** Once a request's offers are out, one or two counselors accept it: by link or by SMS reply. */
  async function acceptSomehow(requestId: string) {
    const offers = await waitFor(
      'the offers',
      async () => {
        const rows = await stack.db('offers').where({ request_id: requestId });
        const sent = await stack
          .db('notifications')
          .where({ request_id: requestId, status: 'sent', channel: 'sms' })
          .count();
        if (rows.length < POOL || Number(sent[0].count) < POOL) throw new Error('not yet');
        return rows as { id: string; counselor_id: string; reply_code: number }[];
      },
      // A bound for a stuck request, not a speed target (npm run bench measures speed): in the full suite this
      // file shares the 2 cores with other files, and its backlog of offers can take minutes to clear.
      300_000,
      250,
    );
    const takers = Math.random() < 0.3 ? [pick(offers), pick(offers)] : [pick(offers)];
    await Promise.all(
      takers.map(async (offer) => {
        const counselor = byId.get(offer.counselor_id)!;
        if (Math.random() < 0.5) {
          await textApp(stack, counselor.phone as string, `A${offer.reply_code}`);
          return;
        }
        // The link from this counselor's SMS for this offer: the token whose hash is one of the offer's links.
        const links = new Set((await stack.db('offer_links').where({ offer_id: offer.id })).map((l) => l.token_hash));
        const sms = await stack.stores.outbox.list({ to: counselor.phone as string, kind: 'sms', limit: 1000 });
        const token = sms
          .map((m) => /\/o\/([A-Za-z0-9_-]{22})/.exec(m.body)?.[1])
          .find((t) => t !== undefined && links.has(hashToken(t)));
        await fetch(`${stack.baseUrl}/o/${token}/accept`, { method: 'POST' });
      }),
    );
  }

  // Submissions leave on schedule (open loop); a fixed crew of accepters works through the requests as
  // their offers arrive, the way a pool of counselors would, without one poller per request.
  const ids: string[] = [];
  const queue: string[] = [];
  let submitting = true;
  const submissions: Promise<void>[] = [];
  const started = Date.now();
  const submitAll = (async () => {
    for (let i = 0; i < REQUESTS; i++) {
      await untilScheduled(started + (i * SECONDS * 1000) / REQUESTS);
      submissions.push(
        submitRequest(stack.baseUrl, {
          workspace: ws.slug,
          language: 'en',
          topic: 'general',
          email: `load${i}@example.org`,
          safety: 'no',
        }).then(({ status, body }) => {
          expect(status).toBe(201);
          ids.push(body.id);
          queue.push(body.id);
        }),
      );
    }
    await Promise.all(submissions);
    submitting = false;
  })();
  const accepters = Array.from({ length: ACCEPTERS }, async () => {
    for (;;) {
      const next = queue.shift();
      if (next) await acceptSomehow(next);
      else if (!submitting) return;
      else await untilScheduled(Date.now() + 50);
    }
  });
  await submitAll;
  await Promise.all(accepters);

  // Every request reaches exactly one winner.
  await waitFor(
    'every request assigned',
    async () => {
      const [{ count }] = await stack.db('assignments').whereIn('request_id', ids).count();
      if (Number(count) < REQUESTS) throw new Error(`${count} of ${REQUESTS}`);
    },
    180_000,
    500,
  );
  const perRequest = await stack
    .db('assignments')
    .whereIn('request_id', ids)
    .select('request_id')
    .count()
    .groupBy('request_id');
  expect(perRequest.filter((r) => Number(r.count) !== 1)).toEqual([]);
  expect(ids).toHaveLength(REQUESTS);
  const phases = await stack.db('help_requests').whereIn('id', ids).select('phase').count().groupBy('phase');
  expect(phases.map((p) => [p.phase, Number(p.count)])).toEqual([['assigned', REQUESTS]]);

  // Every offer went out exactly once: one ledger row and one message at the sink per counselor and request.
  const ledger = await stack
    .db('notifications')
    .whereIn('request_id', ids)
    .where({ channel: 'sms' })
    .where('purpose', 'like', 'offer-%');
  expect(ledger.filter((n) => n.status !== 'sent')).toEqual([]);
  expect(ledger).toHaveLength(REQUESTS * POOL);
  const atSink = await stack
    .db('dev_outbox')
    .whereIn(
      'provider_id',
      ledger.map((n) => n.provider_id),
    )
    .count();
  expect(Number(atSink[0].count)).toBe(REQUESTS * POOL);
  const offerTexts = await stack
    .db('dev_outbox')
    .whereIn(
      'to',
      pool.map((c) => c.phone as string),
    )
    .where('body', 'like', 'New request%')
    .count();
  expect(Number(offerTexts[0].count)).toBe(REQUESTS * POOL);
}, 600_000);
