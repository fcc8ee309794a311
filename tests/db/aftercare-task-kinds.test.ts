// After-care task kinds are declared once, in domain/aftercare.ts: the store takes every kind of that list
// (the table has no CHECK repeating it since migration 026) and refuses any other before writing.
import { randomUUID } from 'node:crypto';
import { TASK_KINDS, type TaskKind } from '../../domain/aftercare';
import { createCounselor, createWorkspace } from '../helpers/stack';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

async function heldSession() {
  const ws = await createWorkspace(testDb.stores);
  const counselor = await createCounselor(testDb.stores, ws);
  const requestId = randomUUID();
  await testDb.stores.requests.create({
    id: requestId,
    workspaceId: ws.id,
    language: 'en',
    topic: 'general',
    livedExperience: [],
    safety: 'no',
    urgent: false,
    contact: { email: 'someone@example.org' },
    workflowInput: {},
    taskQueue: 'unused',
  });
  return testDb.stores.aftercare.openSession({ requestId, counselorId: counselor.id, round: 1 });
}

it('opens a task of every kind the domain lists', async () => {
  const session = await heldSession();
  for (const kind of TASK_KINDS) {
    const { task, created } = await testDb.stores.aftercare.openTask({
      sessionId: session.id,
      kind,
      ownerId: null,
      dueAt: new Date(Date.now() + 60_000),
    });
    expect({ kind: task.kind, created }).toEqual({ kind, created: true });
  }
});

it('refuses a kind the domain does not list, and writes nothing', async () => {
  const session = await heldSession();
  await expect(
    testDb.stores.aftercare.openTask({
      sessionId: session.id,
      kind: 'follow-up' as TaskKind,
      ownerId: null,
      dueAt: new Date(),
    }),
  ).rejects.toThrow('unknown task kind: follow-up');
  expect(await testDb.db('aftercare_tasks').where({ session_id: session.id })).toEqual([]);
});
