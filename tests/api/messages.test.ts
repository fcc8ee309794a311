// Private messages on the real stack: a counselor can never read another counselor's thread, by any route;
// coordinators can read every thread of their team and each such read is audited; notices carry no content.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { messageTo, postForm } from '../helpers/aftercare';
import { createCounselor, createStaff, createWorkspace, loginSession, smsTo, useTestStack } from '../helpers/stack';

const stack = useTestStack();

type Login = Awaited<ReturnType<typeof loginSession>>;
const get = (path: string, who: Login) => fetch(`${stack.baseUrl}${path}`, { headers: { cookie: who.cookie } });
const post = (path: string, who: Login, fields: Record<string, string>) =>
  postForm(`${stack.baseUrl}${path}`, { _csrf: who.csrf, ...fields }, { cookie: who.cookie });

describe('private messages', () => {
  let ws: Workspace;
  let a: User;
  let b: User;
  let lead: User;
  let coordinator: User;
  let supervisor: User;
  const logins: Record<string, Login> = {};
  let threadA: string;
  let threadB: string;
  const secretA = `for A only ${randomUUID()}`;
  const secretB = `for B only ${randomUUID()}`;

  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
    a = await createCounselor(stack.stores, ws);
    b = await createCounselor(stack.stores, ws);
    lead = await createStaff(stack.stores, ws, 'lead');
    const otherLead = await createStaff(stack.stores, ws, 'lead');
    coordinator = await createStaff(stack.stores, ws, 'coordinator');
    supervisor = await createStaff(stack.stores, ws, 'coordinator');
    const elsewhere = await createStaff(stack.stores, await createWorkspace(stack.stores), 'coordinator');
    for (const [k, u] of Object.entries({ a, b, lead, otherLead, coordinator, supervisor, elsewhere })) {
      logins[k] = await loginSession(stack.baseUrl, u.email);
    }
    const toA = await post('/messages', logins.lead, { counselorId: a.id, body: secretA });
    expect(toA.status).toBe(303);
    threadA = toA.location!.split('/').pop()!;
    const toB = await post('/messages', logins.coordinator, { counselorId: b.id, body: secretB });
    threadB = toB.location!.split('/').pop()!;
  });

  it('shows each counselor their own thread and tells them only that there is a message', async () => {
    const page = await (await get(`/messages/${threadA}`, logins.a)).text();
    expect(page).toContain(secretA);
    const sms = await messageTo(stack.stores, a.phone!, /new message/);
    expect(sms.body).toContain(`/messages/${threadA}`);
    expect(sms.body).not.toContain(secretA);
    const email = await messageTo(stack.stores, a.email, /new private message/);
    expect(email.body).not.toContain(secretA);
    // Once: one notice per message and channel.
    expect((await smsTo(stack.stores, [a.phone!])).filter((m) => /new message/.test(m.body))).toHaveLength(1);
    // Stored encrypted.
    const rows = await stack.db('messages').where({ thread_id: threadA });
    expect(rows.map((r) => r.body_enc).join()).not.toContain('for A only');
  });

  it('never lets counselor A read, list or write in B’s thread, through any route', async () => {
    const before = (await stack.stores.messages.list(threadB)).length;
    expect((await get(`/messages/${threadB}`, logins.a)).status).toBe(404);
    expect((await get(`/api/threads/${threadB}`, logins.a)).status).toBe(404);
    expect((await post(`/messages/${threadB}`, logins.a, { body: 'hello' })).status).toBe(404);
    const list = await (await get('/messages', logins.a)).text();
    expect(list).not.toContain(threadB);
    expect(list).not.toContain(b.name);
    const json = (await (await get('/api/threads', logins.a)).json()) as { threads: { id: string }[] };
    expect(json.threads.map((t) => t.id)).toEqual([threadA]);
    // A counselor cannot open a thread with someone else either.
    expect((await post('/messages', logins.a, { counselorId: b.id, body: 'hi' })).status).toBe(403);
    // Nor can a lead who is not in it, nor a coordinator of another team; signed out is not signed in.
    expect((await get(`/messages/${threadB}`, logins.otherLead)).status).toBe(404);
    expect((await get(`/api/threads/${threadB}`, logins.elsewhere)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/api/threads/${threadB}`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/messages/${threadB}`, { redirect: 'manual' })).status).toBe(303);
    expect((await stack.stores.messages.list(threadB)).length).toBe(before);
    // B likewise for A's.
    expect((await get(`/messages/${threadA}`, logins.b)).status).toBe(404);
    expect((await get(`/api/threads/${threadA}`, logins.b)).status).toBe(404);
  });

  it('lets a coordinator read any thread of the team, auditing each read they are not part of', async () => {
    const audited = async () =>
      (await stack.stores.audit.list(ws.id, { action: 'thread.read_supervisory' })).filter(
        (e) => e.subjectId === threadA,
      );
    expect(await audited()).toEqual([]);
    const page = await (await get(`/messages/${threadA}`, logins.supervisor)).text();
    expect(page).toContain(secretA);
    expect(page).toContain('reading this thread as a coordinator');
    expect((await get(`/api/threads/${threadA}`, logins.supervisor)).status).toBe(200);
    const entries = await audited();
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => [e.actorId, e.subjectType])).toEqual([
      [supervisor.id, 'thread'],
      [supervisor.id, 'thread'],
    ]);
    // Reading is not writing.
    expect((await post(`/messages/${threadA}`, logins.supervisor, { body: 'me too' })).status).toBe(403);
    // A participant's own reads are not supervisory.
    await get(`/messages/${threadA}`, logins.lead);
    await get(`/messages/${threadA}`, logins.a);
    expect(await audited()).toHaveLength(2);
  });

  it('replies go both ways and a CSRF-less post changes nothing', async () => {
    expect(
      (await postForm(`${stack.baseUrl}/messages/${threadA}`, { body: 'no token' }, { cookie: logins.a.cookie }))
        .status,
    ).toBe(403);
    expect((await post(`/messages/${threadA}`, logins.a, { body: 'Thank you, I am fine.' })).status).toBe(303);
    const messages = await stack.stores.messages.list(threadA);
    expect(messages.map((m) => m.body)).toEqual([secretA, 'Thank you, I am fine.']);
    await messageTo(stack.stores, lead.phone!, /new message/);
  });

  it('opens a supervision check-in as a private thread with a prompt the supervisor edits before sending', async () => {
    const requestId = randomUUID();
    await stack.stores.requests.create({
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
    const session = await stack.stores.aftercare.openSession({ requestId, counselorId: b.id, round: 1 });
    const { task } = await stack.stores.aftercare.openTask({
      sessionId: session.id,
      kind: 'supervision',
      ownerId: lead.id,
      dueAt: new Date(Date.now() + 3 * 86_400_000),
    });
    const tasks = await (await get('/tasks', logins.lead)).text();
    expect(tasks).toContain(`/tasks/${task.id}/check-in`);
    const form = await (await get(`/tasks/${task.id}/check-in`, logins.lead)).text();
    expect(form).toContain('How are you doing?');
    // A counselor cannot open it; an empty message is refused and changes nothing.
    expect((await get(`/tasks/${task.id}/check-in`, logins.a)).status).toBe(403);
    expect((await post(`/tasks/${task.id}/check-in`, logins.lead, { body: ' ' })).status).toBe(400);
    expect((await stack.stores.aftercare.getTask(task.id))?.status).toBe('open');

    const sent = await post(`/tasks/${task.id}/check-in`, logins.lead, { body: 'How are you after Tuesday?' });
    expect(sent.status).toBe(303);
    const threadId = sent.location!.split('/').pop()!;
    const thread = await stack.stores.messages.getThread(threadId);
    expect([thread?.counselorId, thread?.staffId]).toEqual([b.id, lead.id]);
    expect((await stack.stores.messages.list(threadId)).map((m) => m.body)).toEqual(['How are you after Tuesday?']);
    expect((await stack.stores.aftercare.getTask(task.id))?.status).toBe('done');
    expect(await (await get(`/messages/${threadId}`, logins.b)).text()).toContain('How are you after Tuesday?');
    expect((await get(`/messages/${threadId}`, logins.a)).status).toBe(404);
  });
});
