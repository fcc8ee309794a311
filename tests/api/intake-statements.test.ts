// What one submit costs the database (issue 19): POST /api/requests reads the workspace with its words and
// service hours once, makes the first match, stores the request with its events and outbox row in one statement,
// marks the start, and works out the expected wait in one statement. A feature that adds a read to every intake shows up here first.
import { createCounselor, createWorkspace, useTestStack } from '../helpers/stack';

// No worker: only the API's statements go through this stack's pool while the request is answered.
const stack = useTestStack({ worker: false });

/**
 * The budget: workspace (1), the first match (1; the workflow then needs none of its own), the request with its
 * first events and outbox row (1), start mark (1), wait (1).
 */
const SUBMIT_STATEMENTS = 5;

it('a JSON submit runs at most the budgeted statements, none of them a second read of the workspace', async () => {
  const ws = await createWorkspace(stack.stores);
  await createCounselor(stack.stores, ws);
  await stack.stores.pool.addVocabulary(ws.id, 'specialism', 'caring-for-parents', 'Caring for parents');
  await stack.stores.serviceHours.save(ws.id, {
    timeZone: 'UTC',
    days: [1, 2, 3, 4, 5, 6, 7],
    from: '00:00',
    to: '00:00',
  });
  const sql: string[] = [];
  const count = (q: { sql: string }) => sql.push(q.sql);
  stack.db.on('query', count);
  let res: Response;
  try {
    res = await fetch(`${stack.baseUrl}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspace: ws.slug,
        language: 'en',
        topic: 'caring-for-parents',
        email: 'someone@example.org',
        safety: 'no',
      }),
    });
  } finally {
    stack.db.removeListener('query', count);
  }
  const body = (await res.json()) as Record<string, unknown>;
  // The answer still carries everything the folded reads give it.
  expect(res.status).toBe(201);
  expect(body.serviceHours).toEqual({ open: true });
  expect(body.expectedWait).toEqual({ kind: 'usual' });
  // Over the budget: the statements past it are shown.
  expect(sql.slice(SUBMIT_STATEMENTS)).toEqual([]);
  // The workspace with its words and hours: one read, not one per feature.
  expect(sql.filter((q) => /workspace_vocabulary/.test(q))).toHaveLength(1);
  expect(sql.filter((q) => /from "workspaces"|"service_hours"|from "counselor_profiles"/.test(q))).toEqual([]);
});
