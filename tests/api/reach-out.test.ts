// From a pool-health flag to a private word, on the real stack: the flag on /pool links to a compose form
// pre-filled in the coordinator's language; opening the link changes nothing; the POST sends into the private
// thread (the counselor is told there is a message), the flag then shows who reached out, and the digest line
// carries both the link and the reach-out.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { poolHealthWorkflow } from '../../workflows';
import { messageTo, postForm } from '../helpers/aftercare';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;
let russian: User;
let quiet: User;
type Login = Awaited<ReturnType<typeof loginSession>>;
const logins: Record<string, Login> = {};
const DAY = 86_400_000;
const get = (path: string, who: Login) =>
  fetch(`${stack.baseUrl}${path}`, { headers: { cookie: who.cookie }, redirect: 'manual' });
const post = (path: string, who: Login, fields: Record<string, string>, csrf = who.csrf) =>
  postForm(`${stack.baseUrl}${path}`, { _csrf: csrf, ...fields }, { cookie: who.cookie });
const rows = () => stack.db('flag_reach_outs').where({ counselor_id: quiet.id });
const threads = () => stack.db('message_threads').where({ counselor_id: quiet.id });

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  russian = await createStaff(stack.stores, ws);
  await stack.db('users').where({ id: russian.id }).update({ language: 'ru' });
  quiet = await createCounselor(stack.stores, ws);
  await stack
    .db('users')
    .where({ id: quiet.id })
    .update({ name: 'Anna Quiet', created_at: new Date(Date.now() - 20 * DAY) });
  const other = await createStaff(stack.stores, await createWorkspace(stack.stores));
  for (const [k, u] of Object.entries({ coordinator, russian, other, quiet }))
    logins[k] = await loginSession(stack.baseUrl, u.email);
});

it('links the flag on /pool to a compose form pre-filled in the coordinator language; opening it changes nothing', async () => {
  const pool = (await (await get('/pool', logins.coordinator)).text()).replace(/\s+/g, ' ');
  expect(pool).toContain(
    `<li data-flag="gone-quiet"> gone quiet: no accepts since joining 20 days ago · <a href="/reach-out/${quiet.id}?flag=gone-quiet">Write to Anna</a>`,
  );

  const form = await get(`/reach-out/${quiet.id}?flag=gone-quiet`, logins.coordinator);
  expect(form.status).toBe(200);
  const html = (await form.text()).replace(/\s+/g, ' ');
  expect(html).toContain('Flag: gone quiet: no accepts since joining 20 days ago');
  expect(html).toContain('Hi Anna, it&#39;s been a little while since we heard from you');
  const ru = (await (await get(`/reach-out/${quiet.id}?flag=overcommitting`, logins.russian)).text()).replace(
    /\s+/g,
    ' ',
  );
  expect(ru).toContain('Привет, Anna! Спасибо за всё');
  // GET sent nothing and remembered nothing.
  expect(await rows()).toHaveLength(0);
  expect(await threads()).toHaveLength(0);
});

it('refuses what it cannot send, changing nothing: no CSRF, no words, an unknown flag, another team, a counselor', async () => {
  expect(
    (await post(`/reach-out/${quiet.id}`, logins.coordinator, { flag: 'gone-quiet', body: 'Hi' }, 'forged')).status,
  ).toBe(403);
  const empty = await post(`/reach-out/${quiet.id}`, logins.coordinator, { flag: 'gone-quiet', body: '  ' });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Write a message first');
  expect((await post(`/reach-out/${quiet.id}`, logins.coordinator, { flag: 'grumpy', body: 'Hi' })).status).toBe(400);
  expect((await get(`/reach-out/${quiet.id}?flag=grumpy`, logins.coordinator)).status).toBe(400);
  expect((await post(`/reach-out/${quiet.id}`, logins.other, { flag: 'gone-quiet', body: 'Hi' })).status).toBe(404);
  expect((await get(`/reach-out/${quiet.id}?flag=gone-quiet`, logins.other)).status).toBe(404);
  expect((await post(`/reach-out/${quiet.id}`, logins.quiet, { flag: 'gone-quiet', body: 'Hi' })).status).toBe(403);
  expect((await get(`/reach-out/${quiet.id}?flag=gone-quiet`, logins.quiet)).status).toBe(403);
  expect(await rows()).toHaveLength(0);
  expect(await threads()).toHaveLength(0);
});

it('sends the edited words into the private thread, tells the counselor, and the flag shows who reached out', async () => {
  const words = `Hi Anna, how are you doing? ${randomUUID()}`;
  const sent = await post(`/reach-out/${quiet.id}`, logins.coordinator, { flag: 'gone-quiet', body: words });
  expect(sent.status).toBe(303);
  const [thread] = await threads();
  expect(sent.location).toBe(`/messages/${thread.id}`);
  expect(thread.staff_id).toBe(coordinator.id);
  // The counselor reads it in the thread, and is told there is a message (never what it says).
  const page = await (await get(`/messages/${thread.id}`, logins.quiet)).text();
  expect(page).toContain(words);
  const notice = await messageTo(stack.stores, quiet.email, /new message/i);
  expect(notice.body).not.toContain(words);

  const [row] = await rows();
  expect(row).toMatchObject({ flag_kind: 'gone-quiet', staff_id: coordinator.id, thread_id: thread.id });
  const day = new Date().toISOString().slice(0, 10);
  const pool = (await (await get('/pool', logins.coordinator)).text()).replace(/\s+/g, ' ');
  expect(pool).toContain(`(${coordinator.name} reached out on ${day})`);
  const again = (await (await get(`/reach-out/${quiet.id}?flag=gone-quiet`, logins.russian)).text()).replace(
    /\s+/g,
    ' ',
  );
  expect(again).toContain(`${coordinator.name} reached out on ${day}.`);
});

it('puts the link and the reach-out on the flagged counselor line of the digest', async () => {
  await stack.temporal.workflow.execute(poolHealthWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: `pool-health-reach-out-${randomUUID()}`,
    args: [{ workspaceIds: [ws.id] }],
  });
  const day = new Date().toISOString().slice(0, 10);
  const en = await messageTo(stack.stores, coordinator.email, /^Pool health/);
  expect(en.body).toContain(
    `- Anna Quiet: gone quiet: no accepts since joining 20 days ago (${coordinator.name} reached out on ${day})\n` +
      `  write to them: ${stack.config.publicBaseUrl}/reach-out/${quiet.id}?flag=gone-quiet`,
  );
  const ru = await messageTo(stack.stores, russian.email, /Состояние команды/);
  expect(ru.body).toContain(`написать: ${stack.config.publicBaseUrl}/reach-out/${quiet.id}?flag=gone-quiet`);
});
