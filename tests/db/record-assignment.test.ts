// Recording the winner, in one statement on every accept: the assignment, the winner's offer won and the others
// taken, the request assigned, the timeline's event; once for the same winner, never for a second one, also when
// two are recorded at the same moment.
import type { User, Workspace } from '../../db';
import { createCounselor, createStaff, createWorkspace } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();
let ws: Workspace;
let counselors: User[];
beforeAll(async () => {
  ws = await createWorkspace(testDb.stores);
  counselors = await Promise.all([1, 2, 3].map(() => createCounselor(testDb.stores, ws)));
});

/** A request offered to every counselor of the test, by SMS; its id. */
async function offeredRequest(): Promise<string> {
  const requestId = await storeRequest(testDb.stores, ws.id);
  await testDb.stores.offers.openManyWithTokens({
    requestId,
    wave: 1,
    channel: 'sms',
    recipients: counselors.map((c) => ({ counselorId: c.id, phone: c.phone })),
  });
  await testDb.stores.requests.setPhase(requestId, 'offering', ['matching']);
  return requestId;
}

/** What an accept leaves behind that a person would see: offers, phase, timeline, assignment. */
async function recorded(requestId: string) {
  const offers = await testDb.stores.offers.listForRequest(requestId);
  const request = await testDb.stores.requests.getById(requestId);
  return {
    offers: Object.fromEntries(offers.map((o) => [o.counselorId, o.status])),
    phase: request?.phase,
    events: (await testDb.stores.events.list(requestId))
      .filter((e) => e.type === 'accepted' || e.type === 'assigned-by-coordinator')
      .map((e) => [e.type, e.data]),
    assignee: await testDb.stores.requests.getAssignee(requestId),
  };
}

it('records the winner in one statement, and says when the request was made', async () => {
  const [a, b, c] = counselors;
  const requestId = await offeredRequest();
  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  testDb.db.on('query', listener);
  const result = await testDb.stores.requests.recordAssignment(requestId, b.id, null).finally(() => {
    testDb.db.removeListener('query', listener);
  });
  expect(sql).toHaveLength(1);
  expect(result).toEqual({
    outcome: 'recorded',
    requestCreatedAt: (await testDb.stores.requests.getById(requestId))?.createdAt,
  });
  expect(await recorded(requestId)).toEqual({
    offers: { [a.id]: 'taken', [b.id]: 'won', [c.id]: 'taken' },
    phase: 'assigned',
    events: [['accepted', { counselorId: b.id }]],
    assignee: b.id,
  });

  // The same winner again (a retried activity): 'already', nothing written twice; another: refused.
  expect((await testDb.stores.requests.recordAssignment(requestId, b.id, null)).outcome).toBe('already');
  expect((await testDb.stores.requests.recordAssignment(requestId, a.id, null)).outcome).toBe('conflict');
  expect(await recorded(requestId)).toEqual({
    offers: { [a.id]: 'taken', [b.id]: 'won', [c.id]: 'taken' },
    phase: 'assigned',
    events: [['accepted', { counselorId: b.id }]],
    assignee: b.id,
  });
});

it("makes the won offer of a coordinator's pick who was never offered it", async () => {
  const coordinator = await createStaff(testDb.stores, ws);
  const outsider = await createCounselor(testDb.stores, ws);
  const requestId = await offeredRequest();
  expect((await testDb.stores.requests.recordAssignment(requestId, outsider.id, coordinator.id)).outcome).toBe(
    'recorded',
  );
  const state = await recorded(requestId);
  expect(state.offers).toEqual({
    ...Object.fromEntries(counselors.map((c) => [c.id, 'taken'])),
    [outsider.id]: 'won',
  });
  expect(state.events).toEqual([
    ['assigned-by-coordinator', { counselorId: outsider.id, coordinatorId: coordinator.id }],
  ]);
  const [offer] = (await testDb.stores.offers.listForRequest(requestId)).filter((o) => o.counselorId === outsider.id);
  expect(offer).toMatchObject({ wave: 0, channel: 'assigned', assignedBy: coordinator.id });
});

it('records one of two winners recorded at the same moment, and refuses the other', async () => {
  for (let round = 0; round < 10; round++) {
    const [a, b] = counselors;
    const requestId = await offeredRequest();
    const results = await Promise.all([
      testDb.stores.requests.recordAssignment(requestId, a.id, null),
      testDb.stores.requests.recordAssignment(requestId, b.id, null),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['conflict', 'recorded']);
    const winner = results[0].outcome === 'recorded' ? a : b;
    const state = await recorded(requestId);
    expect(state.assignee).toBe(winner.id);
    expect(state.events).toEqual([['accepted', { counselorId: winner.id }]]);
    expect(Object.values(state.offers).filter((s) => s === 'won')).toHaveLength(1);
  }
});

it('answers a retry that runs beside its first attempt (the same winner at the same moment) as already recorded', async () => {
  for (let round = 0; round < 10; round++) {
    const [a] = counselors;
    const requestId = await offeredRequest();
    const results = await Promise.all([
      testDb.stores.requests.recordAssignment(requestId, a.id, null),
      testDb.stores.requests.recordAssignment(requestId, a.id, null),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already', 'recorded']);
    expect((await recorded(requestId)).events).toEqual([['accepted', { counselorId: a.id }]]);
  }
});
