// The live board over real HTTP: the page, its event stream (fed by Postgres LISTEN/NOTIFY on the timeline),
// catching up after a reconnect, who may see it, and the time-to-help target setting.
import type { User, Workspace } from '../../db';
import { openSse, type SseMessage } from '../helpers/sse';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

let ws: Workspace;
let other: Workspace;
let coordinator: User;
let lead: User;
let counselor: User;
let otherCoordinator: User;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  other = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  lead = await createStaff(stack.stores, ws, 'lead');
  counselor = await createCounselor(stack.stores, ws);
  otherCoordinator = await createStaff(stack.stores, other);
  await createCounselor(stack.stores, other);
});

const submit = async (workspace: Workspace) => {
  const { status, body } = await submitRequest(stack.baseUrl, {
    workspace: workspace.slug,
    language: 'en',
    topic: 'general',
    email: 'someone@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  return body.id as string;
};

const rowsOf = (m: SseMessage) => (JSON.parse(m.data) as { rows: { id: string; html: string }[] }).rows;
const rowFor = (id: string, m: SseMessage) => (m.event === 'rows' ? rowsOf(m).find((r) => r.id === id) : undefined);
const mentions = (messages: SseMessage[], id: string) => messages.some((m) => m.data.includes(id));

async function lastEventIdOnPage(cookie: string): Promise<number> {
  const res = await fetch(`${stack.baseUrl}/board`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const m = /data-after="(\d+)"/.exec(await res.text());
  if (!m) throw new Error('no data-after on the board page');
  return Number(m[1]);
}

it('streams fresh rows of the requests that change, to the boards of their own workspace only', async () => {
  const mine = await loginSession(stack.baseUrl, coordinator.email);
  const theirs = await loginSession(stack.baseUrl, otherCoordinator.email);
  const a = await openSse(`${stack.baseUrl}/board/events`, { cookie: mine.cookie });
  const b = await openSse(`${stack.baseUrl}/board/events`, { cookie: theirs.cookie });
  try {
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const id = await submit(ws);
    const otherId = await submit(other);

    // The row moves on as the timeline grows: offered to the one counselor by SMS in wave 1.
    const offered = await a.next(
      (m) => !!rowFor(id, m)?.html.includes('data-phase="offering"') && !!rowFor(id, m)?.html.includes('1 · SMS'),
      20_000,
      'the row in wave 1',
    );
    const html = rowFor(id, offered)!.html;
    expect(html).toMatch(/class="offered num">1</);
    expect(html).toMatch(/class="declined num">0</);
    expect(html).toContain(`href="/requests/${id}"`);
    expect(Number(offered.id)).toBeGreaterThan(0);
    await b.next((m) => !!rowFor(otherId, m)?.html.includes('1 · SMS'), 20_000, 'the other workspace row in wave 1');

    // Neither board heard about the other workspace's request.
    expect(mentions(a.messages, otherId)).toBe(false);
    expect(mentions(b.messages, id)).toBe(false);
    // No personal data rides on the stream.
    expect(mentions(a.messages, 'someone@example.org')).toBe(false);
  } finally {
    a.close();
    b.close();
  }
});

it('a board that reconnects with Last-Event-ID is sent what changed while it was away', async () => {
  const { cookie } = await loginSession(stack.baseUrl, lead.email);
  const after = await lastEventIdOnPage(cookie);
  const id = await submit(ws);
  await waitFor(
    'the first wave',
    async () => {
      if (!(await stack.stores.events.list(id)).some((e) => e.type === 'wave-sent')) throw new Error('not yet');
    },
    20_000,
  );
  const s = await openSse(`${stack.baseUrl}/board/events`, { cookie, 'last-event-id': String(after) });
  try {
    const m = await s.next((x) => !!rowFor(id, x)?.html.includes('1 · SMS'), 10_000, 'the missed row');
    expect(Number(m.id)).toBeGreaterThan(after);
  } finally {
    s.close();
  }
});

it('is for coordinators and leads: a counselor is refused, a signed-out visitor is sent to sign in', async () => {
  const c = await loginSession(stack.baseUrl, counselor.email);
  expect((await fetch(`${stack.baseUrl}/board`, { headers: { cookie: c.cookie } })).status).toBe(403);
  const s = await openSse(`${stack.baseUrl}/board/events`, { cookie: c.cookie });
  expect(s.status).toBe(403);
  s.close();
  const anon = await openSse(`${stack.baseUrl}/board/events`);
  expect(anon.status).toBe(401);
  anon.close();
  const page = await fetch(`${stack.baseUrl}/board`, { redirect: 'manual' });
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toBe('/login');
});

it('lists open requests with their phase, wave and counts, and none of another workspace', async () => {
  const id = await submit(ws);
  const otherId = await submit(other);
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const html = await waitFor(
    'the request in wave 1 on the board page',
    async () => {
      const text = await (await fetch(`${stack.baseUrl}/board`, { headers: { cookie } })).text();
      const row = new RegExp(`<tr[^>]*id="request-${id}"[\\s\\S]*?</tr>`).exec(text)?.[0] ?? '';
      if (!row.includes('1 · SMS')) throw new Error('not in wave 1 yet');
      return text;
    },
    20_000,
  );
  expect(html).toContain('Time-to-help target: <strong>4 h</strong>');
  expect(html).not.toContain(otherId);
  expect(html).toContain('<script src="/static/board.js" defer></script>');
  expect(html).toContain('<a href="/board" id="refresh">Refresh</a>');
  const js = await fetch(`${stack.baseUrl}/static/board.js`);
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/javascript/);
});

it('the time-to-help target is a coordinator setting: invalid input changes nothing, a valid one shows on the board', async () => {
  const s = await loginSession(stack.baseUrl, coordinator.email);
  const post = (fields: Record<string, string>) =>
    fetch(`${stack.baseUrl}/settings/board`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf, pageLanguages: 'en', ...fields }),
    });
  const bad = await post({ targetHours: 'soon' });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('Enter the target in hours');
  expect((await stack.stores.board.settings(ws.id)).timeToHelpTargetMinutes).toBe(240);
  const none = await post({ targetHours: '2', pageLanguages: '' });
  expect(none.status).toBe(400);
  expect((await stack.stores.board.settings(ws.id)).pageLanguages).toEqual(['en', 'ru']);

  const ok = await post({ targetHours: '1.5' });
  expect(ok.status).toBe(303);
  expect(await stack.stores.board.settings(ws.id)).toEqual({ timeToHelpTargetMinutes: 90, pageLanguages: ['en'] });
  const board = await (await fetch(`${stack.baseUrl}/board`, { headers: { cookie: s.cookie } })).text();
  expect(board).toContain('Time-to-help target: <strong>1 h 30 min</strong>');

  // Without the form's CSRF token nothing is saved; a lead may not change it.
  const forged = await fetch(`${stack.baseUrl}/settings/board`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ targetHours: '9', pageLanguages: 'en' }),
  });
  expect(forged.status).toBe(403);
  const l = await loginSession(stack.baseUrl, lead.email);
  const byLead = await fetch(`${stack.baseUrl}/settings/board`, {
    method: 'POST',
    headers: { cookie: l.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: l.csrf, targetHours: '9', pageLanguages: 'en' }),
  });
  expect(byLead.status).toBe(403);
  expect((await stack.stores.board.settings(ws.id)).timeToHelpTargetMinutes).toBe(90);
});
