// Scheduling over HTTP on the real stack: availability at intake, the counselor's proposal checked against
// it, confirm by link with an .ics in the requester's time zone, reschedule, hand-back, the unconfirmed alert.
import type { User, Workspace } from '../../db';
import { localDateTime } from '../../domain/rota';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { icsTime, linkIn, messageTo, parseIcs, postForm, untilAfterWin } from '../helpers/aftercare';
import { clearSinkFaults, queueSinkFaults } from '../helpers/twilio';
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

const TZ = 'Europe/Tallinn';
const POLICY: DispatchPolicy = { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }], holdOpen: '60s' };
const tomorrow = () => localDateTime(new Date(Date.now() + 86_400_000), TZ).date;
const availability = () => ({ timeZone: TZ, windows: [{ date: tomorrow(), from: '18:00', to: '21:00' }] });

async function offerSms(c: User, count = 1) {
  return waitFor(`${count} offer SMS to ${c.name}`, async () => {
    const offers = (await smsTo(stack.stores, [c.phone!])).filter((m) => /New request/.test(m.body));
    if (offers.length < count) throw new Error(`${offers.length}`);
    return offers;
  });
}

/** Two counselors of the team; the first wins the request by its link. */
async function wonWithAvailability(ws: Workspace, a: User, b: User, requesterEmail: string) {
  const submitted = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'et',
    topic: 'general',
    email: requesterEmail,
    safety: 'no',
    availability: availability(),
  });
  expect(submitted.status).toBe(201);
  const requestId = submitted.body.id as string;
  const [offerA] = await offerSms(a);
  await offerSms(b);
  const link = acceptLinkIn(offerA.body);
  expect(await (await fetch(`${link}/accept`, { method: 'POST' })).text()).toContain('/session');
  const handle = stack.temporal.workflow.getHandle(workflowIdFor(requestId));
  const status = await untilAfterWin(handle);
  return {
    requestId,
    handle,
    statusUrl: submitted.body.statusUrl as string,
    sessionUrl: `${link}/session`,
    sessionId: status.aftercare!.sessionId,
  };
}

describe('a hand-back after the time was confirmed', () => {
  it('tells the requester the time is off, with a calendar file that cancels it', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const [a, b] = [
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
    ];
    const requesterEmail = `req-${Date.now()}-hb@example.org`;
    const { handle, sessionUrl, sessionId } = await wonWithAvailability(ws, a, b, requesterEmail);
    expect(
      (await postForm(`${sessionUrl}/propose`, { slot1Date: tomorrow(), slot1Time: '19:00', length: '60' })).status,
    ).toBe(200);
    const proposal = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    expect((await postForm(`${linkIn(proposal.body, 's')}/confirm`, { proposal: '1', index: '0' })).status).toBe(200);
    await waitFor('scheduled', async () => {
      if ((await handle.query(dispatchStatusQuery)).phase !== 'scheduled') throw new Error('not yet');
    });

    expect((await postForm(`${sessionUrl}/hand-back`, {})).status).toBe(200);
    const notice = await messageTo(stack.stores, requesterEmail, /time is cancelled/);
    expect(notice.body).toContain('METHOD:CANCEL');
    const ics = parseIcs(notice.body.slice(notice.body.indexOf('BEGIN:VCALENDAR')).replace(/\r?\n/g, '\r\n'));
    expect(ics.STATUS).toBe('CANCELLED');
    expect(ics.UID).toBe(`session-${sessionId}@peer-dispatch`);
    expect(localDateTime(icsTime(ics.DTSTART), TZ)).toMatchObject({ date: tomorrow(), time: '19:00' });
    expect(
      (await stack.stores.devOutbox.list({ to: requesterEmail })).filter((m) => /time is cancelled/.test(m.body)),
    ).toHaveLength(1);
    await handle.terminate('test done');
  });
});

describe('availability at intake', () => {
  it('stores valid windows and refuses bad ones with a clear message, storing nothing', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const base = { workspace: ws.slug, language: 'en', topic: 'general', email: 'a@example.org', safety: 'no' };
    const before = (await stack.stores.requests.listRecent(ws.id)).length;
    for (const bad of [
      { timeZone: 'Mars/Base', windows: availability().windows },
      { timeZone: TZ, windows: [{ date: tomorrow(), from: '20:00', to: '19:00' }] },
      { timeZone: TZ, windows: [{ date: '2020-01-01', from: '10:00', to: '12:00' }] },
      { timeZone: TZ, windows: Array(4).fill(availability().windows[0]) },
    ]) {
      const res = await submitRequest(stack.baseUrl, { ...base, availability: bad });
      expect(res.status).toBe(400);
      expect(typeof res.body.fields?.availability).toBe('string');
    }
    expect((await stack.stores.requests.listRecent(ws.id)).length).toBe(before);

    // Optional: without it the request goes through as before.
    expect((await submitRequest(stack.baseUrl, base)).status).toBe(201);
    // The form sends flat fields.
    // The HTML form carries its signed render time (api/intake/guard.ts): take it from the form, as a browser does.
    const formHtml = await (await fetch(`${stack.baseUrl}/w/${ws.slug}/request`)).text();
    const form = await postForm(`${stack.baseUrl}/w/${ws.slug}/request`, {
      _t: /name="_t" value="([^"]+)"/.exec(formHtml)?.[1] ?? '',
      language: 'en',
      topic: 'general',
      email: 'b@example.org',
      safety: 'no',
      timeZone: TZ,
      window1Date: tomorrow(),
      window1From: '09:00',
      window1To: '11:30',
    });
    expect(form.status).toBe(201);
    const [latest] = await stack.stores.requests.listRecent(ws.id);
    const stored = await stack.stores.aftercare.availability(latest.id);
    expect(stored?.timeZone).toBe(TZ);
    expect(localDateTime(stored!.windows[0].start, TZ)).toMatchObject({ date: tomorrow(), time: '09:00' });
    expect(localDateTime(stored!.windows[0].end, TZ).time).toBe('11:30');
  });
});

describe('scheduling a session', () => {
  it('proposes inside the windows, confirms by link with an .ics in the requester zone, reschedules, hands back', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const [a, b] = [
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
    ];
    const requesterEmail = `req-${Date.now()}@example.org`;
    const { handle, sessionUrl, sessionId, requestId } = await wonWithAvailability(ws, a, b, requesterEmail);

    // Only the winner's link opens the session page; the other counselor's offer link does not.
    const page = await (await fetch(sessionUrl)).text();
    expect(page).toContain('When they are free');
    expect(page).toContain('18:00–21:00 (Europe/Tallinn)');
    const [offerB] = await offerSms(b);
    expect((await fetch(`${acceptLinkIn(offerB.body)}/session`)).status).toBe(404);
    const bLogin = await loginSession(stack.baseUrl, b.email);
    expect((await fetch(`${stack.baseUrl}/sessions/${sessionId}`, { headers: { cookie: bLogin.cookie } })).status).toBe(
      404,
    );

    // Signed in, the winner reaches the same page from their home; its forms need the CSRF token.
    const aLogin = await loginSession(stack.baseUrl, a.email);
    const home = await (await fetch(`${stack.baseUrl}/`, { headers: { cookie: aLogin.cookie } })).text();
    expect(home).toContain(`/sessions/${sessionId}`);
    const signedIn = await (
      await fetch(`${stack.baseUrl}/sessions/${sessionId}`, { headers: { cookie: aLogin.cookie } })
    ).text();
    expect(signedIn).toContain('Send these times');
    expect(signedIn).toContain(`name="_csrf" value="${aLogin.csrf}"`);
    const forged = await postForm(`${stack.baseUrl}/sessions/${sessionId}/hand-back`, {}, { cookie: aLogin.cookie });
    expect(forged.status).toBe(403);

    // Outside the requester's windows: refused, nothing proposed.
    const outside = await postForm(`${sessionUrl}/propose`, {
      slot1Date: tomorrow(),
      slot1Time: '20:30',
      length: '60',
    });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('inside one of the times the requester gave');
    expect((await handle.query(dispatchStatusQuery)).aftercare?.proposal).toBe(0);

    const proposed = await postForm(`${sessionUrl}/propose`, {
      slot1Date: tomorrow(),
      slot1Time: '19:00',
      slot2Date: tomorrow(),
      slot2Time: '18:00',
      length: '60',
    });
    expect(proposed.status).toBe(200);
    const first = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    expect(first.body).toContain('19:00–20:00 (Europe/Tallinn)');
    const firstUrl = linkIn(first.body, 's');
    expect(await (await fetch(firstUrl)).text()).toContain('18:00–19:00 (Europe/Tallinn)');

    // None of them work for the requester: the counselor is asked for others and proposes again.
    const noneWork = await postForm(`${firstUrl}/reschedule`, {});
    expect(noneWork.status).toBe(200);
    await messageTo(stack.stores, a.phone!, /asked for other times/);
    await waitFor('the proposal withdrawn', async () => {
      if ((await stack.stores.aftercare.getSession(sessionId))?.proposed.length !== 0) throw new Error('not yet');
    });
    const again = await postForm(`${sessionUrl}/propose`, {
      slot1Date: tomorrow(),
      slot1Time: '19:00',
      length: '60',
    });
    expect(again.status).toBe(200);
    const email = await waitFor('the second proposal', async () => {
      const mails = (await stack.stores.devOutbox.list({ to: requesterEmail })).filter((m) =>
        /suggested these times/.test(m.body),
      );
      if (mails.length < 2) throw new Error(`${mails.length}`);
      return mails[0];
    });
    const confirmUrl = linkIn(email.body, 's');

    // The first proposal is stale now; the current one confirms, once.
    expect((await postForm(`${confirmUrl}/confirm`, { proposal: '1', index: '0' })).status).toBe(409);
    const confirmed = await postForm(`${confirmUrl}/confirm`, { proposal: '2', index: '0' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Confirmed: ');

    // Both get the .ics; its times are the chosen 19:00–20:00 in the requester's zone.
    for (const to of [requesterEmail, a.email]) {
      const mail = await messageTo(stack.stores, to, /attachment session\.ics/);
      const ics = parseIcs(mail.body.slice(mail.body.indexOf('BEGIN:VCALENDAR')).replace(/\r?\n/g, '\r\n'));
      expect(localDateTime(icsTime(ics.DTSTART), TZ)).toMatchObject({ date: tomorrow(), time: '19:00' });
      expect(localDateTime(icsTime(ics.DTEND), TZ).time).toBe('20:00');
      expect(ics.UID).toBe(`session-${sessionId}@peer-dispatch`);
      expect(ics.SUMMARY).toBe('Peer support session');
      expect(ics.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
      expect(mail.body).not.toContain(a.name);
    }
    const download = await fetch(`${confirmUrl}/session.ics`);
    expect(download.headers.get('content-type')).toContain('text/calendar');
    const ics = parseIcs(await download.text());
    expect(localDateTime(icsTime(ics.DTSTART), TZ)).toMatchObject({ date: tomorrow(), time: '19:00' });

    // The requester asks for another time: the counselor is asked to propose again.
    await waitFor('scheduled', async () => {
      if ((await handle.query(dispatchStatusQuery)).phase !== 'scheduled') throw new Error('not yet');
    });
    const later = await postForm(`${confirmUrl}/reschedule`, {});
    expect(later.status).toBe(200);
    await waitFor('a second "other times" SMS', async () => {
      const asks = (await smsTo(stack.stores, [a.phone!])).filter((m) => /asked for other times/.test(m.body));
      if (asks.length !== 2) throw new Error(`${asks.length}`);
    });
    await waitFor('back to scheduling', async () => {
      if ((await handle.query(dispatchStatusQuery)).phase !== 'scheduling') throw new Error('not yet');
    });
    expect(await (await fetch(sessionUrl)).text()).toContain('Send these times');

    // The counselor hands it back: a new round without them.
    const back = await postForm(`${sessionUrl}/hand-back`, {});
    expect(back.status).toBe(200);
    await offerSms(b, 2);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.phase).toBe('offering');
    expect(status.excluded).toEqual([a.id]);
    expect(status.offered).toEqual([b.id]);
    expect(await offerSms(a)).toHaveLength(1);
    const types = (await stack.stores.events.list(requestId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['session-confirmed', 'reschedule-requested', 'handed-back']));
    expect((await stack.stores.aftercare.getSession(sessionId))?.state).toBe('handed-back');
    // Their old link no longer opens a session.
    expect((await fetch(sessionUrl)).status).toBe(404);
    await handle.terminate('test done');
  });

  it('alerts the coordinator when no time is confirmed in time', async () => {
    const policy = { ...POLICY, confirmWithin: '2s' };
    const ws = await createWorkspace(stack.stores, policy);
    const coordinator = await createStaff(stack.stores, ws, 'coordinator');
    const [a, b] = [
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
    ];
    const { requestId, handle } = await wonWithAvailability(ws, a, b, `req-${Date.now()}-u@example.org`);
    const alert = await messageTo(stack.stores, coordinator.email, /no session time is confirmed yet/);
    expect(alert.body).toContain(`/requests/${requestId}`);
    const task = (await stack.stores.aftercare.listTasks(ws.id)).find((t) => t.kind === 'unconfirmed');
    expect(task?.counselorName).toBe(a.name);
    const coordinatorLogin = await loginSession(stack.baseUrl, coordinator.email);
    const tasks = await (
      await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: coordinatorLogin.cookie } })
    ).text();
    expect(tasks).toContain('No session time confirmed');
    // A counselor may not open the task list.
    const counselorLogin = await loginSession(stack.baseUrl, a.email);
    expect((await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: counselorLogin.cookie } })).status).toBe(403);
    expect((await handle.query(dispatchStatusQuery)).aftercare?.unconfirmedAlerts).toBe(1);
    await handle.terminate('test done');
  });

  it('lets the counselor mark it out of scope: the coordinator gets the reason, the requester the alternatives', async () => {
    const alternatives = 'Please call the crisis line on 116 123, any time.';
    const ws = await createWorkspace(stack.stores, { ...POLICY, alternatives });
    const coordinator = await createStaff(stack.stores, ws, 'coordinator');
    const [a, b] = [
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
    ];
    const requesterEmail = `req-${Date.now()}-s@example.org`;
    const { handle, sessionUrl, statusUrl } = await wonWithAvailability(ws, a, b, requesterEmail);
    const reason = 'They describe symptoms that need a clinician, not a peer.';
    expect((await postForm(`${sessionUrl}/out-of-scope`, { reason: ' ' })).status).toBe(400);
    const marked = await postForm(`${sessionUrl}/out-of-scope`, { reason });
    expect(marked.status).toBe(200);
    expect(marked.text).toContain('The coordinator has been told');

    const alert = await messageTo(stack.stores, coordinator.email, /out of scope/);
    expect(alert.body).not.toContain(reason);
    const told = await messageTo(stack.stores, requesterEmail, /needs more support than peer support/);
    expect(told.body).toContain(alternatives);
    expect(await (await fetch(statusUrl)).text()).toContain(alternatives);
    const status = await handle.query(dispatchStatusQuery);
    expect(status.phase).toBe('closed');
    expect(status.aftercare?.outOfScope).toBe(true);
    // The reason is for staff: on the task list, never in the workflow.
    const login = await loginSession(stack.baseUrl, coordinator.email);
    expect(await (await fetch(`${stack.baseUrl}/tasks`, { headers: { cookie: login.cookie } })).text()).toContain(
      reason,
    );
    expect(JSON.stringify(await handle.fetchHistory())).not.toContain('clinician');
    // Marking twice changes nothing.
    expect((await postForm(`${sessionUrl}/out-of-scope`, { reason })).status).toBe(409);
  });
});

describe('a link works the moment it arrives', () => {
  it('confirms the times of a proposal made while the counselor was still being told to propose again', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const [a, b] = [
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
      await createCounselor(stack.stores, ws, { languages: ['et'] }),
    ];
    const requesterEmail = `req-${Date.now()}-race@example.org`;
    const { sessionUrl, handle } = await wonWithAvailability(ws, a, b, requesterEmail);
    expect(
      (await postForm(`${sessionUrl}/propose`, { slot1Date: tomorrow(), slot1Time: '18:00', length: '60' })).status,
    ).toBe(200);
    const first = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    // The provider takes the counselor's "propose new times" text at once but answers slowly: the counselor
    // reads it and proposes again while the workflow is still waiting on that send.
    await queueSinkFaults(stack, [{ to: a.phone!, delayMs: 8_000 }]);
    try {
      expect((await postForm(`${linkIn(first.body, 's')}/reschedule`, {})).status).toBe(200);
      await messageTo(stack.stores, a.phone!, /asked for other times/);
      expect(
        (await postForm(`${sessionUrl}/propose`, { slot1Date: tomorrow(), slot1Time: '20:00', length: '60' })).status,
      ).toBe(200);
      const second = await waitFor('the second proposal', async () => {
        const mails = (await stack.stores.devOutbox.list({ to: requesterEmail })).filter((m) =>
          /suggested these times/.test(m.body),
        );
        if (mails.length < 2) throw new Error(`${mails.length}`);
        return mails[0];
      });
      expect(second.body).toContain('20:00–21:00 (Europe/Tallinn)');
      // At once, from the email: the times in it are the ones the engine holds.
      const confirmed = await postForm(`${linkIn(second.body, 's')}/confirm`, { proposal: '2', index: '0' });
      expect([confirmed.status, confirmed.text.includes('Confirmed: ')]).toEqual([200, true]);
    } finally {
      await clearSinkFaults(stack);
      await handle.terminate('test done');
    }
  });
});
