// The team channel on the real stack: coordinators post, counselors and leads read and reply, nobody of another
// team sees or replies; requester contacts are refused; a coordinator's read is audited; the team is told of
// something new through the send-once ledger, once per person per quiet window however many posts it holds.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { teamChannelNoticeWorkflowId } from '../../workflows/definitions';
import { messageTo, postForm } from '../helpers/aftercare';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;
let lead: User;
let counselor: User;
let outsider: User;
type Login = Awaited<ReturnType<typeof loginSession>>;
const logins: Record<string, Login> = {};
const get = (path: string, who: Login) =>
  fetch(`${stack.baseUrl}${path}`, { headers: { cookie: who.cookie }, redirect: 'manual' });
const post = (path: string, who: Login, fields: Record<string, string>) =>
  postForm(`${stack.baseUrl}${path}`, { _csrf: who.csrf, ...fields }, { cookie: who.cookie });
const posts = () => stack.db('team_channel_posts').where({ workspace_id: ws.id }).orderBy('id');
const noticeDone = (postId: number) => stack.temporal.workflow.getHandle(teamChannelNoticeWorkflowId(postId)).result();

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  lead = await createStaff(stack.stores, ws, 'lead');
  counselor = await createCounselor(stack.stores, ws);
  outsider = await createCounselor(stack.stores, await createWorkspace(stack.stores));
  for (const [k, u] of Object.entries({ coordinator, lead, counselor, outsider }))
    logins[k] = await loginSession(stack.baseUrl, u.email);
});

it('lets a coordinator post and the team read and reply; another team sees nothing and cannot reply', async () => {
  const words = `Supervision group moves to Thursday ${randomUUID()}`;
  expect((await post('/channel', logins.coordinator, { body: words })).status).toBe(303);
  const [first] = await posts();
  // Encrypted at rest.
  expect(first.body_enc).not.toContain('Supervision');

  expect(await (await get('/channel', logins.counselor)).text()).toContain(words);
  expect(await (await get('/channel', logins.lead)).text()).toContain(words);
  expect(await (await get('/channel', logins.outsider)).text()).not.toContain(words);

  expect((await post(`/channel/${first.id}/replies`, logins.counselor, { body: 'Thursday works for me' })).status).toBe(
    303,
  );
  expect((await post(`/channel/${first.id}/replies`, logins.lead, { body: 'Same here' })).status).toBe(303);
  const page = (await (await get('/channel', logins.counselor)).text()).replace(/\s+/g, ' ');
  expect(page).toMatch(/Thursday works for me.*Same here/);
  // Another team's counselor cannot reply into this channel, and no post of theirs appears in it.
  expect((await post(`/channel/${first.id}/replies`, logins.outsider, { body: 'hello' })).status).toBe(404);
  expect(await posts()).toHaveLength(3);
});

it('refuses a counselor post, a requester contact and an empty body, storing nothing', async () => {
  const before = (await posts()).length;
  expect((await post('/channel', logins.counselor, { body: 'May I post?' })).status).toBe(403);
  const phone = await post('/channel', logins.coordinator, { body: 'Call the requester on +44 7700 900123 please' });
  expect(phone.status).toBe(400);
  expect(phone.text).toContain('Take out the email address or phone number');
  const [first] = await posts();
  const email = await post(`/channel/${first.id}/replies`, logins.counselor, {
    body: 'their email is a.b@example.org',
  });
  expect(email.status).toBe(400);
  expect((await post(`/channel/${first.id}/replies`, logins.counselor, { body: '   ' })).status).toBe(400);
  expect((await post('/channel/not-a-number/replies', logins.counselor, { body: 'hi' })).status).toBe(404);
  expect(await posts()).toHaveLength(before);
});

it("audits a coordinator's read of the channel, not a counselor's", async () => {
  const reads = () =>
    stack.db('audit_log').where({ workspace_id: ws.id, action: 'team_channel.read_supervisory' }).select('actor_id');
  const before = (await reads()).length;
  await get('/channel', logins.counselor);
  expect(await reads()).toHaveLength(before);
  await get('/channel', logins.coordinator);
  const after = await reads();
  expect(after).toHaveLength(before + 1);
  expect(after[after.length - 1].actor_id).toBe(coordinator.id);
});

it('tells the team of something new once per quiet window, without the words, and not the author', async () => {
  const all = await posts();
  await Promise.all(all.map((p) => noticeDone(Number(p.id))));
  const notice = await messageTo(stack.stores, counselor.email, /team channel/i);
  expect(notice.body).toContain(`${stack.config.publicBaseUrl}/channel`);
  expect(notice.body).not.toContain('Supervision group');
  // Three posts and replies in the window: one email to the counselor, one to the lead; none to the coordinator
  // for their own post, but one for the replies.
  const emails = async (u: User) =>
    (await stack.stores.devOutbox.list({ to: u.email, kind: 'email' })).filter((m) =>
      /team channel/i.test(m.subject ?? ''),
    );
  expect(await emails(counselor)).toHaveLength(1);
  expect(await emails(lead)).toHaveLength(1);
  expect(await emails(coordinator)).toHaveLength(1);
  expect(await emails(outsider)).toHaveLength(0);
});
