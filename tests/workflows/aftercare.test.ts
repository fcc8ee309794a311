// After the win on the real stack, with seconds for hours: propose → confirm by link → reminders →
// outcome (hard) → debrief for the on-call lead, the counselor paused → debrief done → offered again.
import type { User, Workspace } from '../../db';
import { dispatchStatusQuery, proposeSlotsUpdate } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { linkIn, messageTo, postForm, untilPhase, winByOfferSms } from '../helpers/aftercare';
import { maybeSaveHistory } from '../helpers/histories';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  putOnCall,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const SHORT: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '30s' }],
  holdOpen: '1s',
  reminders: ['12s', '6s'],
  outcomeNudgeAfter: '2s',
  outcomeEscalateAfter: '2s',
  confirmWithin: '60s',
  debriefWithin: '60s',
  supervisionAfter: '3d',
  supervisionAfterHard: '1d',
};

async function team(policy: DispatchPolicy) {
  const ws = await createWorkspace(stack.stores, policy);
  const counselor = await createCounselor(stack.stores, ws, { languages: ['et'] });
  const lead = await createStaff(stack.stores, ws, 'lead');
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  await putOnCall(stack.stores, ws, lead.id);
  return { ws, counselor, lead, coordinator };
}

/** A request the counselor wins by tapping the link in the offer SMS; returns the handle and the won link. */
async function wonRequest(ws: Workspace, policy: DispatchPolicy, counselor: User, requesterEmail: string) {
  const started = await startStoredRequest(stack, ws, policy, { language: 'et', contact: { email: requesterEmail } });
  const { link, sessionId } = await winByOfferSms(stack, counselor, started.requestId);
  return { ...started, link, sessionId };
}

describe('after the win', () => {
  it('runs from proposal to debrief, pausing the counselor until the debrief is done', async () => {
    const { ws, counselor, lead } = await team(SHORT);
    const requesterEmail = `req-${Date.now()}@example.org`;
    const { requestId, handle, sessionId } = await wonRequest(ws, SHORT, counselor, requesterEmail);

    // A short slot so the test sees its end; the HTTP proposal path (whole minutes, windows) has its own test.
    const start = Date.now() + 20_000;
    const slot = { start, end: start + 3_000 };
    expect(await handle.executeUpdate(proposeSlotsUpdate, { args: [{ sessionId, slots: [slot] }] })).toBe('proposed');

    const proposal = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    const confirmUrl = linkIn(proposal.body, 's');
    expect(await (await fetch(confirmUrl)).text()).toContain('Confirm this time');
    const confirmed = await postForm(`${confirmUrl}/confirm`, { proposal: '1', index: '0' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Confirmed:');
    await untilPhase(stack, requestId, 'scheduled');
    await messageTo(stack.stores, requesterEmail, /Your session is confirmed/);
    await messageTo(stack.stores, counselor.phone!, /Session confirmed/);

    // Reminders to both sides: the 12 s one before the 6 s one, each no earlier than its moment. (When one
    // arrives after that is the machine's speed, not a rule: no upper bound.)
    const reminders = await waitFor('two reminders to the counselor', async () => {
      const r = (await smsTo(stack.stores, [counselor.phone!])).filter((m) => /^Reminder:/.test(m.body));
      if (r.length < 2) throw new Error(`${r.length}`);
      return r.reverse(); // oldest first
    });
    const [early, late] = reminders.map((m) => m.receivedAt.getTime());
    expect(early).toBeGreaterThanOrEqual(start - 12_000);
    expect(late).toBeGreaterThanOrEqual(start - 6_000);
    expect(late).toBeGreaterThanOrEqual(early);
    expect((await handle.query(dispatchStatusQuery)).aftercare?.reminders).toEqual(['12s', '6s']);
    const requesterReminders = (await stack.stores.devOutbox.list({ to: requesterEmail })).filter((m) =>
      /Reminder/.test(m.subject ?? ''),
    );
    expect(requesterReminders).toHaveLength(2);

    // After the slot ends the counselor is asked; the outcome is a hard session.
    const ask = await messageTo(stack.stores, counselor.phone!, /How did the session go/);
    expect(ask.receivedAt.getTime()).toBeGreaterThanOrEqual(slot.end);
    const sessionUrl = linkIn(ask.body, 'o');
    expect(sessionUrl).toMatch(/\/session$/);
    const outcome = await postForm(`${sessionUrl}/outcome`, {
      outcome: 'held',
      hard: 'yes',
      category: 'suicide-ideation',
      note: 'I would like to talk it through.',
    });
    expect(outcome.status).toBe(200);
    expect(outcome.text).toContain('debrief');

    // The on-call lead hears at once, with the counselor's name and phone; the counselor is paused.
    const debriefSms = await messageTo(stack.stores, lead.phone!, /Debrief needed now/);
    expect(debriefSms.body).toContain(counselor.name);
    expect(debriefSms.body).toContain(counselor.phone!);
    // Discreet by default: the text on the lead's lock screen names no hard-session category; the email does.
    expect(debriefSms.body).not.toMatch(/suicid/i);
    expect((await messageTo(stack.stores, lead.email, /Debrief needed now/)).body).toContain('active suicide ideation');
    const task = await waitFor('the debrief task', async () => {
      const t = (await stack.stores.aftercare.listTasks(ws.id)).find((x) => x.kind === 'debrief');
      if (!t) throw new Error('none');
      return t;
    });
    expect(task.ownerId).toBe(lead.id);
    const pauses = await stack.stores.pauses.openFor(counselor.id);
    expect(pauses.map((p) => [p.source, p.ref])).toEqual([['debrief', task.id]]);
    expect(await stack.stores.aftercare.note(sessionId)).toBe('I would like to talk it through.');
    // The note never entered the workflow's history.
    expect(JSON.stringify(await handle.fetchHistory())).not.toContain('talk it through');

    // The counselor sees why on their home page.
    const counselorLogin = await loginSession(stack.baseUrl, counselor.email);
    expect(await (await fetch(`${stack.baseUrl}/`, { headers: { cookie: counselorLogin.cookie } })).text()).toContain(
      'New offers are paused',
    );

    // Paused: the next matching request is not offered to them.
    const second = await startStoredRequest(stack, ws, SHORT, { language: 'et' });
    await waitFor('the second request matched', async () => {
      const types = (await stack.stores.events.list(second.requestId)).map((e) => e.type);
      if (!types.includes('matched')) throw new Error(types.join());
    });
    expect((await stack.stores.events.list(second.requestId)).find((e) => e.type === 'matched')?.data.count).toBe(0);
    expect((await stack.stores.offers.listForRequest(second.requestId)).map((o) => o.counselorId)).not.toContain(
      counselor.id,
    );

    // The lead marks the debrief done on the tasks page: the pause lifts, the workflow closes the session.
    const leadLogin = await loginSession(stack.baseUrl, lead.email);
    const tasksPage = await (await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: leadLogin.cookie } })).text();
    expect(tasksPage).toContain(counselor.name);
    const noCsrf = await postForm(`${stack.baseUrl}/tasks/${task.id}/done`, {}, { cookie: leadLogin.cookie });
    expect(noCsrf.status).toBe(403);
    const done = await postForm(
      `${stack.baseUrl}/tasks/${task.id}/done`,
      { _csrf: leadLogin.csrf },
      { cookie: leadLogin.cookie },
    );
    expect(done.status).toBe(303);
    expect(await stack.stores.pauses.openFor(counselor.id)).toEqual([]);
    const closed = await untilPhase(stack, requestId, 'closed');
    expect(closed.aftercare).toMatchObject({ outcome: 'held', hard: true, debriefDone: true, debriefEscalated: false });
    expect(closed.aftercare!.reminders).toEqual(['12s', '6s']);
    // The request itself is closed now (the retention clock starts), with the event on its timeline.
    await waitFor('the request closed in Postgres', async () => {
      if ((await stack.stores.requests.getById(requestId))?.phase !== 'closed') throw new Error('not closed yet');
    });
    expect((await stack.stores.events.list(requestId)).some((e) => e.type === 'closed')).toBe(true);

    // Offered again.
    const third = await startStoredRequest(stack, ws, SHORT, { language: 'et' });
    await waitFor('an offer of the third request', async () => {
      const offers = await stack.stores.offers.listForRequest(third.requestId);
      if (!offers.some((o) => o.counselorId === counselor.id)) throw new Error('not offered');
    });

    // The supervision check-in: due a day later after a hard session.
    const supervision = (await stack.stores.aftercare.listTasks(ws.id)).find((t) => t.kind === 'supervision');
    expect(supervision?.ownerId).toBe(lead.id);
    const dueIn = supervision!.dueAt.getTime() - supervision!.createdAt.getTime();
    expect(dueIn).toBeGreaterThan(23 * 3_600_000);
    expect(dueIn).toBeLessThan(25 * 3_600_000);

    // Only ids, times and labels in the history: no names, phones, emails.
    const history = JSON.stringify(await handle.fetchHistory());
    for (const secret of [counselor.name, counselor.phone!, requesterEmail, lead.phone!]) {
      expect(history).not.toContain(secret);
    }
    await maybeSaveHistory(stack.temporal, 'aftercare', handle.workflowId);
  });

  it('nudges for a missing outcome, then escalates it to the coordinator', async () => {
    const { ws, counselor, coordinator } = await team(SHORT);
    const requesterEmail = `req-${Date.now()}-m@example.org`;
    const { requestId, handle, sessionId } = await wonRequest(ws, SHORT, counselor, requesterEmail);
    const start = Date.now() + 3_000;
    await handle.executeUpdate(proposeSlotsUpdate, { args: [{ sessionId, slots: [{ start, end: start + 1_000 }] }] });
    const proposal = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    expect((await postForm(`${linkIn(proposal.body, 's')}/confirm`, { proposal: '1', index: '0' })).status).toBe(200);

    await messageTo(stack.stores, counselor.phone!, /^Reminder: How did the session go/);
    const alert = await messageTo(stack.stores, coordinator.email, /not recorded the session outcome/);
    expect(alert.body).toContain(`/requests/${requestId}`);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.aftercare).toMatchObject({ outcomeRequests: 2, outcomeEscalated: true, outcome: null });
    const task = (await stack.stores.aftercare.listTasks(ws.id)).find((t) => t.kind === 'missing-outcome');
    expect(task?.status).toBe('open');

    // The outcome still counts when it comes late; the task closes by itself. A no-show closes the session.
    const ask = await messageTo(stack.stores, counselor.phone!, /How did the session go/);
    const res = await postForm(`${linkIn(ask.body, 'o')}/outcome`, { outcome: 'no-show' });
    expect(res.status).toBe(200);
    const closed = await untilPhase(stack, requestId, 'closed');
    expect(closed.aftercare).toMatchObject({ outcome: 'no-show', hard: false });
    expect((await stack.stores.aftercare.getTask(task!.id))?.status).toBe('done');
    // No supervision check-in for a session that was not held.
    expect((await stack.stores.aftercare.listTasks(ws.id)).some((t) => t.kind === 'supervision')).toBe(false);
  });

  it('alerts the coordinators when a debrief is overdue; a coordinator can lift the pause by hand', async () => {
    const policy = { ...SHORT, reminders: [], debriefWithin: '2s' };
    const { ws, counselor, coordinator } = await team(policy);
    const requesterEmail = `req-${Date.now()}-d@example.org`;
    const { handle, sessionId } = await wonRequest(ws, policy, counselor, requesterEmail);
    const start = Date.now() + 2_000;
    await handle.executeUpdate(proposeSlotsUpdate, { args: [{ sessionId, slots: [{ start, end: start + 1_000 }] }] });
    const proposal = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    expect((await postForm(`${linkIn(proposal.body, 's')}/confirm`, { proposal: '1', index: '0' })).status).toBe(200);
    const ask = await messageTo(stack.stores, counselor.phone!, /How did the session go/);
    const res = await postForm(`${linkIn(ask.body, 'o')}/outcome`, {
      outcome: 'held',
      hard: 'yes',
      category: 'abuse-disclosure',
    });
    expect(res.status).toBe(200);

    await messageTo(stack.stores, coordinator.email, /debrief after a hard session is overdue/);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.aftercare).toMatchObject({ debriefEscalated: true, debriefDone: false });
    expect(status.phase).toBe('after-care');

    const [pause] = await stack.stores.pauses.openFor(counselor.id);
    const login = await loginSession(stack.baseUrl, coordinator.email);
    const lifted = await postForm(
      `${stack.baseUrl}/pauses/${pause.id}/lift`,
      { _csrf: login.csrf },
      { cookie: login.cookie },
    );
    expect(lifted.status).toBe(303);
    expect(await stack.stores.pauses.openFor(counselor.id)).toEqual([]);
    const audit = await stack.stores.audit.list(ws.id, { action: 'pause.lifted' });
    expect(audit.map((e) => [e.actorId, e.subjectId])).toEqual([[coordinator.id, pause.id]]);
    // The debrief itself is still to be done: the task stays open until someone marks it.
    const task = (await stack.stores.aftercare.listTasks(ws.id)).find((t) => t.kind === 'debrief');
    expect(task?.status).toBe('open');
    await handle.terminate('test done');
  });
});
