// The session of an assignment round: opened in one statement on every accept, in the requester's time zone when
// they gave one (the times they read are theirs), else the counselor's; opened again, the same session, and the
// timeline's 'session-opened' written once.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { createCounselor, createWorkspace } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();
let ws: Workspace;
let counselor: User;
beforeAll(async () => {
  ws = await createWorkspace(testDb.stores);
  counselor = await createCounselor(testDb.stores, ws);
  await testDb.stores.users.updateProfile(counselor.id, { timeZone: 'Europe/Tallinn' });
});

/** A stored request, with the requester's availability in `timeZone` when given; its id. */
function storedRequest(timeZone?: string): Promise<string> {
  const tomorrow = new Date(Date.now() + 86_400_000);
  const windows = [{ start: tomorrow, end: new Date(tomorrow.getTime() + 3_600_000) }];
  return storeRequest(testDb.stores, ws.id, timeZone ? { availability: { timeZone, windows } } : {});
}

const sessionsOf = async (requestId: string) =>
  Number((await testDb.db('counseling_sessions').where({ request_id: requestId }).count())[0].count);

it("opens the session in the requester's time zone when they gave one", async () => {
  const requestId = await storedRequest('America/Chicago');
  const session = await testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 });
  expect(session).toMatchObject({
    requestId,
    workspaceId: ws.id,
    counselorId: counselor.id,
    round: 1,
    state: 'scheduling',
    timeZone: 'America/Chicago',
  });
});

it("opens it in the counselor's time zone otherwise, and finds the same session when opened again", async () => {
  const requestId = await storedRequest();
  const first = await testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 });
  expect(first.timeZone).toBe('Europe/Tallinn');
  const again = await testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 });
  expect(again.id).toBe(first.id);
  expect(await sessionsOf(requestId)).toBe(1);
  // The timeline says so once, however often it is opened.
  const opened = async () =>
    (await testDb.stores.events.list(requestId)).filter((e) => e.type === 'session-opened').map((e) => e.data);
  expect(await opened()).toEqual([{ sessionId: first.id, round: 1 }]);
  // A new round (after a hand-back) is a new session.
  const next = await testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 2 });
  expect(next.id).not.toBe(first.id);
  expect(await sessionsOf(requestId)).toBe(2);
  expect(await opened()).toEqual([
    { sessionId: first.id, round: 1 },
    { sessionId: next.id, round: 2 },
  ]);
});

it('refuses an unknown request and writes nothing', async () => {
  const requestId = randomUUID();
  await expect(testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 })).rejects.toThrow(
    /not found/,
  );
  expect(await sessionsOf(requestId)).toBe(0);
});

it('gives two openings at the same moment (a retry beside its first attempt) the same session and one event', async () => {
  for (let round = 0; round < 10; round++) {
    const requestId = await storedRequest();
    const [x, y] = await Promise.all([
      testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 }),
      testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 }),
    ]);
    expect(y.id).toBe(x.id);
    expect(await sessionsOf(requestId)).toBe(1);
    const events = (await testDb.stores.events.list(requestId)).filter((e) => e.type === 'session-opened');
    expect(events).toHaveLength(1);
  }
});
