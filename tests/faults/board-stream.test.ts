// The live board when things go wrong: Postgres drops the listener's connection (the board still hears of
// the next change, and of what happened meanwhile), and an API process shutting down with boards open
// ends their streams and exits (browsers reconnect elsewhere).
import type { User, Workspace } from '../../db';
import { freePort } from '../../scripts/services';
import { killAllEntries, startApiEntry } from '../helpers/processes';
import { openSse, type SseMessage } from '../helpers/sse';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  submitRequest,
  useTestStack,
} from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  await createCounselor(stack.stores, ws);
});
afterAll(async () => {
  killAllEntries();
});

const submit = async (baseUrl = stack.baseUrl) => {
  const { status, body } = await submitRequest(baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'someone@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  return body.id as string;
};
const hasRow = (id: string) => (m: SseMessage) =>
  m.event === 'rows' && (JSON.parse(m.data) as { rows: { id: string }[] }).rows.some((r) => r.id === id);

/** The backend pids of the board listeners (the LISTEN connection's last statement). */
const listenerPids = async () =>
  (
    await stack.db.raw(
      "select pid from pg_stat_activity where query ilike 'listen request_events%' and pid <> pg_backend_pid()",
    )
  ).rows.map((r: { pid: number }) => r.pid) as number[];

it('keeps the board live after Postgres drops the listener connection', async () => {
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const s = await openSse(`${stack.baseUrl}/board/events`, { cookie });
  try {
    const first = await submit();
    await s.next(hasRow(first), 20_000, 'the first request');
    const before = await listenerPids();
    expect(before.length).toBeGreaterThan(0);
    await stack.db.raw('select pg_terminate_backend(pid) from unnest(?::int[]) as pid', [before]);

    // Changes right after the drop reach the board: by the reconnect's catch-up or the new connection.
    const second = await submit();
    await s.next(hasRow(second), 20_000, 'the request submitted after the drop');
    const after = await listenerPids();
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((pid) => before.includes(pid))).toBe(false);
  } finally {
    s.close();
  }
});

it('ends the open board streams when the API process shuts down, and exits', async () => {
  const port = await freePort();
  const api = await startApiEntry({ ...stack.env, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  const { cookie } = await loginSession(base, coordinator.email);
  const s = await openSse(`${base}/board/events`, { cookie });
  expect(s.status).toBe(200);
  const id = await submit(base);
  await s.next(hasRow(id), 20_000, 'the row through the spawned API');

  api.child.kill('SIGTERM');
  expect(await api.exitedWithin(15_000)).toBe(0);
  expect(api.output()).toContain('api: shutting down');
  s.close();
});
