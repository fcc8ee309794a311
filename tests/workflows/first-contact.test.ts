// The silent winner on the real stack (short policy times): the reminder, the one-tap and SMS confirmations,
// the requester's "no", the coordinators' alert, and the release back to dispatch without the winner.
import type { User, Workspace } from '../../db';
import type { DispatchPolicy } from '../../domain/policy';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import { messageTo, postForm as postPlain, untilAfterWin } from '../helpers/aftercare';
import { getPage, postForm } from '../helpers/forms';
import { maybeSaveHistory } from '../helpers/histories';
import { textApp } from '../helpers/twilio';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const base: DispatchPolicy = { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '120s' }], holdOpen: '120s' };

async function offerSms(c: User, count = 1) {
  return waitFor(`${count} offer SMS to ${c.name}`, async () => {
    const offers = (await smsTo(stack.stores, [c.phone!])).filter((m) => /New request/.test(m.body));
    if (offers.length < count) throw new Error(`${offers.length}`);
    return offers;
  });
}

async function team(policy: DispatchPolicy) {
  const ws: Workspace = await createWorkspace(stack.stores, policy);
  const coordinator = await createStaff(stack.stores, ws);
  const a = await createCounselor(stack.stores, ws);
  const b = await createCounselor(stack.stores, ws);
  return { ws, coordinator, a, b };
}

/** A request of the team that counselor a wins by the link in their offer SMS. */
async function wonBy(ws: Workspace, a: User, b: User, requesterEmail: string) {
  const submitted = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: requesterEmail,
    safety: 'no',
  });
  expect(submitted.status).toBe(201);
  const requestId = submitted.body.id as string;
  const [offerA] = await offerSms(a);
  await offerSms(b);
  const link = acceptLinkIn(offerA.body);
  expect((await fetch(`${link}/accept`, { method: 'POST' })).status).toBe(200);
  const handle = stack.temporal.workflow.getHandle(workflowIdFor(requestId));
  const status = await untilAfterWin(handle);
  return { requestId, handle, link, sessionId: status.aftercare!.sessionId };
}

const eventsOf = async (requestId: string) => (await stack.stores.events.list(requestId)).map((e) => e.type);

describe('the silent winner', () => {
  it('reminds the winner, asks the requester, alerts on a "no", and a coordinator releases it to the others', async () => {
    const { ws, coordinator, a, b } = await team({
      ...base,
      firstContactWithin: '1s',
      requesterCheckAfter: '2s',
      coordinatorAlertAfter: '10m',
    });
    const requesterEmail = `req-${Date.now()}-fc@example.org`;
    const { requestId, handle } = await wonBy(ws, a, b, requesterEmail);

    // The winner is reminded, with the one-tap link and the SMS reply naming the offer they won.
    const reminder = await waitFor('the reminder SMS', async () => {
      const m = (await smsTo(stack.stores, [a.phone!])).find((x) => /been in touch/.test(x.body));
      if (!m) throw new Error('not yet');
      return m;
    });
    expect(reminder.body).toMatch(/Or reply C\d+\./);

    // The requester is asked; the link opens a page, it does not answer.
    const check = await messageTo(stack.stores, requesterEmail, /Has a counselor been in touch/);
    const no = /No: (\S+)/.exec(check.body)![1];
    expect(no).toMatch(/\/s\/[A-Za-z0-9_-]+\/contact\?answer=no$/);
    const shown = await fetch(no);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('No, nobody has been in touch');
    expect((await handle.query(dispatchStatusQuery)).firstContact?.requesterAnswer).toBeNull();
    // A bad answer changes nothing.
    expect((await postPlain(no.replace(/\?.*$/, ''), { answer: 'maybe' })).status).toBe(400);

    const answered = await postPlain(no.replace(/\?.*$/, ''), { answer: 'no' });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('The team has been told');

    // The coordinators are alerted at once (not after coordinatorAlertAfter).
    const alert = await messageTo(stack.stores, coordinator.email, /no counselor has been in touch/);
    expect(alert.body).toContain(`/requests/${requestId}`);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.firstContact).toMatchObject({ requesterAnswer: 'no', alerted: 'requester-not-contacted' });

    // The request page shows it and offers the release; a counselor cannot release.
    const session = await loginSession(stack.baseUrl, coordinator.email);
    const page = await (await getPage(`${stack.baseUrl}/requests/${requestId}`, session)).text();
    expect(page).toContain('The requester says nobody has been in touch.');
    expect(page).toContain('Release to dispatch');
    const counselorSession = await loginSession(stack.baseUrl, b.email);
    expect((await postForm(`${stack.baseUrl}/requests/${requestId}/release`, counselorSession, {})).status).toBe(403);

    const released = await postForm(`${stack.baseUrl}/requests/${requestId}/release`, session, {});
    expect(released.status).toBe(303);
    expect(released.headers.get('location')).toBe(`/requests/${requestId}?done=released`);

    // The winner is told; the other counselor is offered it again; the winner is not.
    await messageTo(stack.stores, a.email, /passed the request you took/);
    const [second] = await offerSms(b, 2);
    await waitFor('released on the timeline', async () => {
      if (!(await eventsOf(requestId)).includes('released')) throw new Error('not yet');
    });
    const after = await handle.query(dispatchStatusQuery);
    expect(after.excluded).toEqual([a.id]);
    expect(after.winner).toBeNull();
    expect((await smsTo(stack.stores, [a.phone!])).filter((m) => /New request/.test(m.body))).toHaveLength(1);
    // A second press (or a second coordinator) is the same release: answered the same, nothing happens twice.
    expect((await postForm(`${stack.baseUrl}/requests/${requestId}/release`, session, {})).status).toBe(303);
    expect((await eventsOf(requestId)).filter((t) => t === 'released')).toHaveLength(1);

    // B takes it; a new first-contact check starts for B's round.
    expect((await fetch(`${acceptLinkIn(second.body)}/accept`, { method: 'POST' })).status).toBe(200);
    const won = await untilAfterWin(handle);
    expect(won.winner).toBe(b.id);
    await waitFor('the new round check', async () => {
      const s = await handle.query(dispatchStatusQuery);
      if (s.firstContact?.sessionId !== won.aftercare?.sessionId) throw new Error('not yet');
    });
    expect((await handle.query(dispatchStatusQuery)).firstContact).toMatchObject({ releasedBy: null, alerted: null });
    expect(
      (await stack.stores.devOutbox.list({ to: a.email })).filter((m) => /passed the request you took/.test(m.body)),
    ).toHaveLength(1);
    await maybeSaveHistory(stack.temporal, 'first-contact-released', workflowIdFor(requestId));
    await handle.terminate('test done');
  });

  it('takes the winner\'s SMS reply "C<code>" (and then the tap) as first contact: no question, no alert', async () => {
    const { ws, coordinator, a, b } = await team({
      ...base,
      firstContactWithin: '1s',
      requesterCheckAfter: '4s',
      coordinatorAlertAfter: '5s',
    });
    const requesterEmail = `req-${Date.now()}-sms@example.org`;
    const { requestId, handle, link } = await wonBy(ws, a, b, requesterEmail);
    const reminder = await waitFor('the reminder SMS', async () => {
      const m = (await smsTo(stack.stores, [a.phone!])).find((x) => /been in touch/.test(x.body));
      if (!m) throw new Error('not yet');
      return m;
    });
    const code = /Or reply C(\d+)\./.exec(reminder.body)![1];
    // Someone else's phone, or a wrong number, confirms nothing.
    expect((await textApp(stack, b.phone!, `C${code}`)).message).toMatch(/found no request/);
    const answer = await textApp(stack, a.phone!, `c ${code}`);
    expect(answer.message).toBe('Thank you: first contact noted.');
    const status = await handle.query(dispatchStatusQuery);
    expect(status.firstContact?.confirmedBy).toBe('counselor');
    expect(await eventsOf(requestId)).toContain('first-contact-confirmed');

    // The tap on the session page after it: answered, not recorded twice; the button is gone.
    const tap = await postPlain(`${link}/session/contacted`, {});
    expect(tap.status).toBe(200);
    expect(tap.text).not.toContain('I have been in touch');
    expect((await eventsOf(requestId)).filter((t) => t === 'first-contact-confirmed')).toHaveLength(1);

    // Past the alert time: nobody was asked or alerted.
    await waitFor(
      'past the alert time',
      async () => {
        if (Date.now() - (status.assignedAt ?? 0) < 6000) throw new Error('not yet');
      },
      20_000,
    );
    const events = await eventsOf(requestId);
    expect(events).not.toContain('contact-check-sent');
    expect((await stack.stores.devOutbox.list({ to: requesterEmail })).some((m) => /been in touch/.test(m.body))).toBe(
      false,
    );
    expect((await stack.stores.devOutbox.list({ to: coordinator.email })).length).toBe(0);
    await maybeSaveHistory(stack.temporal, 'first-contact-confirmed', workflowIdFor(requestId));
    await handle.terminate('test done');
  });

  it('alerts the coordinators when nobody confirms in time, and the tap on the session page still counts', async () => {
    const { ws, coordinator, a, b } = await team({
      ...base,
      firstContactWithin: '1s',
      requesterCheckAfter: '2s',
      coordinatorAlertAfter: '3s',
    });
    const requesterEmail = `req-${Date.now()}-silent@example.org`;
    const { requestId, handle, link } = await wonBy(ws, a, b, requesterEmail);
    await messageTo(stack.stores, requesterEmail, /Has a counselor been in touch/);
    await messageTo(stack.stores, coordinator.email, /has not confirmed first contact/);
    expect((await handle.query(dispatchStatusQuery)).firstContact?.alerted).toBe('first-contact-missing');

    const page = await (await fetch(`${link}/session`)).text();
    expect(page).toContain('I have been in touch');
    const tap = await postPlain(`${link}/session/contacted`, {});
    expect(tap.status).toBe(200);
    expect(tap.text).toContain('first contact noted');
    expect((await handle.query(dispatchStatusQuery)).firstContact?.confirmedBy).toBe('counselor');
    expect(await eventsOf(requestId)).toEqual(
      expect.arrayContaining(['first-contact-reminded', 'contact-check-sent', 'first-contact-confirmed']),
    );
    await handle.terminate('test done');
  });
});
