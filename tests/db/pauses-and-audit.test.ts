// Dispatch pauses keep a counselor out of matching until lifted; the audit log keeps what happened, newest first.
import type { Knex } from 'knex';
import type { Stores } from '../../db';
import { createCounselor, createStaff, createWorkspace } from '../helpers/stack';
import { connectTestDb } from '../helpers/test-db';

let db: Knex;
let stores: Stores;
beforeAll(() => {
  ({ db, stores } = connectTestDb());
});
afterAll(async () => {
  await db?.destroy();
});

describe('dispatch pauses', () => {
  it('leave a paused counselor out of the match until the pause is lifted', async () => {
    const ws = await createWorkspace(stores);
    const [a, b] = [await createCounselor(stores, ws), await createCounselor(stores, ws)];
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect((await stores.matching.matchCounselors(criteria)).sort()).toEqual([a.id, b.id].sort());

    const pause = await stores.pauses.pause({
      workspaceId: ws.id,
      counselorId: a.id,
      source: 'debrief',
      reason: 'debrief pending',
      ref: 'task-1',
    });
    expect(await stores.matching.matchCounselors(criteria)).toEqual([b.id]);
    expect((await stores.pauses.openFor(a.id)).map((p) => p.reason)).toEqual(['debrief pending']);

    expect(await stores.pauses.liftByRef(ws.id, 'task-1', null)).toBe(1);
    expect(await stores.pauses.lift(ws.id, pause.id, null)).toBe(false);
    expect((await stores.matching.matchCounselors(criteria)).sort()).toEqual([a.id, b.id].sort());
  });

  it('cannot be lifted from another workspace', async () => {
    const ws = await createWorkspace(stores);
    const other = await createWorkspace(stores);
    const a = await createCounselor(stores, ws);
    const pause = await stores.pauses.pause({
      workspaceId: ws.id,
      counselorId: a.id,
      source: 'coordinator',
      reason: 'r',
    });
    expect(await stores.pauses.lift(other.id, pause.id, null)).toBe(false);
    expect(await stores.pauses.openFor(a.id)).toHaveLength(1);
  });
});

describe('the audit log', () => {
  it('lists a workspace’s entries newest first, and only its own', async () => {
    const ws = await createWorkspace(stores);
    const other = await createWorkspace(stores);
    const coordinator = await createStaff(stores, ws);
    await stores.audit.record({
      workspaceId: ws.id,
      actorId: coordinator.id,
      action: 'request.contact_viewed',
      subjectType: 'request',
      subjectId: 'r1',
    });
    await stores.audit.record({
      workspaceId: ws.id,
      actorId: coordinator.id,
      action: 'audit.exported',
      subjectType: 'audit',
    });
    await stores.audit.record({ workspaceId: other.id, actorId: null, action: 'audit.exported', subjectType: 'audit' });
    const entries = await stores.audit.list(ws.id);
    expect(entries.map((e) => e.action)).toEqual(['audit.exported', 'request.contact_viewed']);
    expect(entries[1]).toMatchObject({ actorId: coordinator.id, subjectId: 'r1' });
  });
});
