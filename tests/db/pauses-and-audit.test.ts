// Dispatch pauses keep a counselor out of matching until lifted; the audit log keeps what happened, newest first.
import { createCounselor, createStaff, createWorkspace } from '../helpers/stack';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

describe('dispatch pauses', () => {
  it('leave a paused counselor out of the match until the pause is lifted', async () => {
    const ws = await createWorkspace(testDb.stores);
    const [a, b] = [await createCounselor(testDb.stores, ws), await createCounselor(testDb.stores, ws)];
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect((await testDb.stores.matching.matchCounselors(criteria)).sort()).toEqual([a.id, b.id].sort());

    const pause = await testDb.stores.pauses.pause({
      workspaceId: ws.id,
      counselorId: a.id,
      source: 'debrief',
      reason: 'debrief pending',
      ref: 'task-1',
    });
    expect(await testDb.stores.matching.matchCounselors(criteria)).toEqual([b.id]);
    expect((await testDb.stores.pauses.openFor(a.id)).map((p) => p.reason)).toEqual(['debrief pending']);

    expect(await testDb.stores.pauses.liftByRef(ws.id, 'task-1', null)).toBe(1);
    expect(await testDb.stores.pauses.lift(ws.id, pause.id, null)).toBe(false);
    expect((await testDb.stores.matching.matchCounselors(criteria)).sort()).toEqual([a.id, b.id].sort());
  });

  it('cannot be lifted from another workspace', async () => {
    const ws = await createWorkspace(testDb.stores);
    const other = await createWorkspace(testDb.stores);
    const a = await createCounselor(testDb.stores, ws);
    const pause = await testDb.stores.pauses.pause({
      workspaceId: ws.id,
      counselorId: a.id,
      source: 'coordinator',
      reason: 'r',
    });
    expect(await testDb.stores.pauses.lift(other.id, pause.id, null)).toBe(false);
    expect(await testDb.stores.pauses.openFor(a.id)).toHaveLength(1);
  });
});

describe('the audit log', () => {
  it('lists a workspace’s entries newest first, and only its own', async () => {
    const ws = await createWorkspace(testDb.stores);
    const other = await createWorkspace(testDb.stores);
    const coordinator = await createStaff(testDb.stores, ws);
    await testDb.stores.audit.record({
      workspaceId: ws.id,
      actorId: coordinator.id,
      action: 'request.contact_viewed',
      subjectType: 'request',
      subjectId: 'r1',
    });
    await testDb.stores.audit.record({
      workspaceId: ws.id,
      actorId: coordinator.id,
      action: 'audit.exported',
      subjectType: 'audit',
    });
    await testDb.stores.audit.record({
      workspaceId: other.id,
      actorId: null,
      action: 'audit.exported',
      subjectType: 'audit',
    });
    const entries = await testDb.stores.audit.list(ws.id);
    expect(entries.map((e) => e.action)).toEqual(['audit.exported', 'request.contact_viewed']);
    expect(entries[1]).toMatchObject({ actorId: coordinator.id, subjectId: 'r1' });
  });
});
