// A timeline event written once per key (a wave's `wave-sent`, whatever runs the wave again): a second write with
// the key, even at the same moment as the first, leaves one row and no second notice to the board's listener.
import { randomBytes } from 'node:crypto';
import type { Workspace } from '../../db';
import type { BoardNotice } from '../../db/stores/board-store';
import { createRequestEventListener } from '../../db/request-event-listener';
import { createWorkspace, waitFor } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();
let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace(testDb.stores);
});

const key = () => `wave:${randomBytes(16).toString('hex')}`;
const wavesOf = (requestId: string) =>
  testDb.db('request_events').where({ request_id: requestId, type: 'wave-sent' }).orderBy('id').select('key', 'data');

it('writes an event with a key once: the second write does nothing and says so', async () => {
  const requestId = await storeRequest(testDb.stores, ws.id);
  const k = key();
  const data = { wave: 1, channel: 'sms', purpose: 'offer-r1-w1', sent: 2, skipped: 0, failed: [] };
  expect(await testDb.stores.events.addOnce(requestId, 'wave-sent', k, data)).toBe(true);
  expect(await testDb.stores.events.addOnce(requestId, 'wave-sent', k, { ...data, sent: 0 })).toBe(false);
  // The first write's data stays; the timeline reads it as any other event.
  expect(await wavesOf(requestId)).toEqual([{ key: k, data }]);
  expect((await testDb.stores.events.list(requestId)).filter((e) => e.type === 'wave-sent').map((e) => e.data)).toEqual(
    [data],
  );
});

it('keeps one row of each key when two writes of it run at the same moment, and one row per key', async () => {
  const requestId = await storeRequest(testDb.stores, ws.id);
  // The two halves of a wave with a head start: one purpose, two keys, two events.
  const keys = Array.from({ length: 10 }, key);
  const written = await Promise.all(
    keys.flatMap((k, i) => [0, 1].map(() => testDb.stores.events.addOnce(requestId, 'wave-sent', k, { wave: 1, i }))),
  );
  expect(written.filter(Boolean)).toHaveLength(10);
  // Each pair: exactly one of the two wrote.
  for (let i = 0; i < keys.length; i++) expect([written[2 * i], written[2 * i + 1]].sort()).toEqual([false, true]);
  const rows = await wavesOf(requestId);
  expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
});

it('leaves keys of other requests, and events without a key, free', async () => {
  const [a, b] = [await storeRequest(testDb.stores, ws.id), await storeRequest(testDb.stores, ws.id)];
  const k = key();
  expect(await testDb.stores.events.addOnce(a, 'wave-sent', k)).toBe(true);
  expect(await testDb.stores.events.addOnce(b, 'wave-sent', k)).toBe(true);
  await testDb.stores.events.add(a, 'wave-sent', { wave: 2 });
  await testDb.stores.events.add(a, 'wave-sent', { wave: 2 });
  expect((await wavesOf(a)).map((r) => r.key)).toEqual([k, null, null]);
  expect((await wavesOf(b)).map((r) => r.key)).toEqual([k]);
});

it("tells the board's listener of a written event, and of no write that did nothing", async () => {
  const requestId = await storeRequest(testDb.stores, ws.id);
  const heard: BoardNotice[] = [];
  const listener = createRequestEventListener({
    databaseUrl: process.env.TEST_DATABASE_URL as string,
    // Other files write events into the same database meanwhile: only this request's count.
    onNotice: (n) => {
      if (n.requestId === requestId) heard.push(n);
    },
    onReconnect: () => undefined,
    log: () => undefined,
  });
  await listener.acquire();
  try {
    const k = key();
    expect(await testDb.stores.events.addOnce(requestId, 'wave-sent', k)).toBe(true);
    expect(await testDb.stores.events.addOnce(requestId, 'wave-sent', k)).toBe(false);
    // A later event: notices come in commit order, so once its notice is here, any of the skipped write's would be.
    expect(await testDb.stores.events.addOnce(requestId, 'wave-sent', key())).toBe(true);
    const ids = (
      await testDb.db('request_events').where({ request_id: requestId, type: 'wave-sent' }).orderBy('id').pluck('id')
    ).map(Number);
    expect(ids).toHaveLength(2);
    await waitFor(
      'the later notice',
      async () => {
        if (!heard.some((n) => n.eventId === ids[1])) throw new Error(`heard ${heard.map((n) => n.eventId).join()}`);
      },
      10_000,
      20,
    );
    expect(heard.map((n) => n.eventId)).toEqual(ids);
  } finally {
    listener.release();
    await listener.close();
  }
});
