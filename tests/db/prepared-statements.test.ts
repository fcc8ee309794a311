// The dispatch path's statements run prepared: parsed and planned once per connection, not on every wave, and
// still working on a connection that prepared them before a migration changed the table.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, createStores, type Stores } from '../../db';
import { createCounselor, createWorkspace, FAST_POLICY, uniquePhone } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { createOwnTestDatabase } from '../helpers/test-db';

let own: Awaited<ReturnType<typeof createOwnTestDatabase>>;
let db: Knex;
let stores: Stores;
beforeAll(async () => {
  own = await createOwnTestDatabase('prepared');
  // One connection: every statement below runs on the session whose prepared statements are read.
  db = createDb(own.url, { max: 1 });
  stores = createStores(db, randomBytes(32));
});
afterAll(async () => {
  await db?.destroy();
  await own?.drop();
});

async function preparedOnConnection(): Promise<{ statement: string; runs: number }[]> {
  const { rows } = await db.raw<{ rows: { statement: string; runs: string }[] }>(
    `select statement, (generic_plans + custom_plans)::text as runs from pg_prepared_statements`,
  );
  return rows.map((r) => ({ statement: r.statement.replace(/\s+/g, ' ').trim(), runs: Number(r.runs) }));
}

async function openWave(requestId: string, counselorIds: string[], wave: number) {
  const phone = uniquePhone();
  return stores.offers.openManyWithTokens({
    requestId,
    wave,
    channel: 'sms',
    recipients: counselorIds.map((counselorId) => ({ counselorId, phone })),
  });
}

it('parses the ledger claim and the offers statement once per connection, however many waves it sends', async () => {
  const ws = await createWorkspace(stores);
  const counselors = [await createCounselor(stores, ws), await createCounselor(stores, ws)];
  for (let wave = 1; wave <= 3; wave++) {
    const id = randomUUID();
    await storeRequest(stores, ws.id, { id, workflowInput: { requestId: id, urgent: false, policy: FAST_POLICY } });
    const claims = await stores.notifications.claimMany(
      counselors.map((c) => ({
        key: `${id}:${c.id}:offer-w1:sms`,
        requestId: id,
        userId: c.id,
        channel: 'sms',
        purpose: 'offer-w1',
      })),
    );
    expect(claims).toEqual(['claimed', 'claimed']);
    const ids = counselors.map((c) => c.id);
    const opened = await openWave(id, ids, 1);
    expect(opened.map((o) => o.offer.replyCode)).toEqual([1, 2]);
  }
  const prepared = await preparedOnConnection();
  const runsOf = (start: string) => prepared.filter((p) => p.statement.startsWith(start)).map((p) => p.runs);
  // One prepared statement each, run three times: a text that changed per call would show as three of one run.
  expect(runsOf('with input as ( select * from jsonb_to_recordset')).toEqual([3]);
  expect(runsOf('with w as (select * from jsonb_to_recordset')).toEqual([3]);
  expect(runsOf('select pg_advisory_xact_lock')).toEqual([3]);
});

it('keeps opening offers on a connection that prepared the statement before a migration added a column', async () => {
  const ws = await createWorkspace(stores);
  const counselor = await createCounselor(stores, ws);
  const first = randomUUID();
  await storeRequest(stores, ws.id, {
    id: first,
    workflowInput: { requestId: first, urgent: false, policy: FAST_POLICY },
  });
  await openWave(first, [counselor.id], 1);

  // What a later release's migration may do while a worker keeps its connections.
  await db.raw('alter table offers add column later_release_note text');
  const second = randomUUID();
  await storeRequest(stores, ws.id, {
    id: second,
    workflowInput: { requestId: second, urgent: false, policy: FAST_POLICY },
  });
  const [opened] = await openWave(second, [counselor.id], 1);
  expect(opened.offer).toMatchObject({ requestId: second, counselorId: counselor.id, status: 'open', replyCode: 1 });
  expect((await stores.offers.getByToken(opened.token))?.id).toBe(opened.offer.id);
});
