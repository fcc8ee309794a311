// Escalating dispatch on the real Temporal dev server and Postgres, with waits of a second or two:
// waves SMS → email → alert, widening, quiet hours, cancellation, coordinator assignment and refusal.
import { untilAfterWin } from '../helpers/aftercare';
import { randomUUID } from 'node:crypto';
import type { Topic, Workspace } from '../../db';
import {
  acceptOfferUpdate,
  assignCounselorUpdate,
  cancelRequestUpdate,
  dispatchStatusQuery,
  extendHoldSignal,
  widenMatchSignal,
} from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  FAST_POLICY,
  putOnCall,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { maybeSaveHistory } from '../helpers/histories';

const stack = useTestStack();

const WAVES: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [
    { channel: 'sms', wait: '2s' },
    { channel: 'email', wait: '2s' },
    { channel: 'alert', wait: '0s' },
  ],
  holdOpen: '2s',
  alternatives: 'You can call the Samaritans on 116 123 at any hour.',
  assignmentRefusalWindow: '30s',
};

async function team(policy: DispatchPolicy = WAVES) {
  const ws = await stack.stores.workspaces.create({
    slug: `esc-${randomUUID().slice(0, 8)}`,
    name: 'Escalation team',
    dispatchPolicy: policy,
  });
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  const lead = await createStaff(stack.stores, ws, 'lead');
  await putOnCall(stack.stores, ws, lead.id);
  return { ws, coordinator, lead };
}

async function submit(
  ws: Workspace,
  opts: { policy?: DispatchPolicy; language?: string; topic?: Topic; lived?: string[]; urgent?: boolean } = {},
) {
  const requesterEmail = `requester-${randomUUID().slice(0, 6)}@example.org`;
  const started = await startStoredRequest(stack, ws, opts.policy ?? WAVES, {
    language: opts.language,
    topic: opts.topic,
    livedExperience: opts.lived,
    urgent: opts.urgent,
    contact: { email: requesterEmail },
  });
  return { ...started, requesterEmail };
}

const emailsTo = (to: string) => stack.stores.devOutbox.list({ to, kind: 'email' });

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  return waitFor(
    what,
    async () => {
      const v = await read();
      if (!ok(v)) throw new Error(`not yet: ${JSON.stringify(v).slice(0, 200)}`);
      return v;
    },
    ms,
  );
}

const eventTypes = async (requestId: string) => (await stack.stores.events.list(requestId)).map((e) => e.type);

describe('escalation when nobody accepts', () => {
  it('goes SMS, then email, then alerts the coordinator and lead, then tells the requester honestly', async () => {
    const { ws, coordinator, lead } = await team();
    const c = await createCounselor(stack.stores, ws);
    const { requestId, handle, requesterEmail } = await submit(ws);

    const result = await handle.result();
    expect(result.phase).toBe('unmatched');

    const [sms] = await smsTo(stack.stores, [c.phone as string]);
    expect(sms.body).toMatch(/Reply A1 to accept, D1 to decline/);
    const [offerEmail] = await emailsTo(c.email);
    expect(offerEmail.subject).toContain('New peer support request');
    expect(offerEmail.body).toMatch(/\/o\/[A-Za-z0-9_-]{22}/);
    expect(offerEmail.receivedAt.getTime()).toBeGreaterThan(sms.receivedAt.getTime());

    for (const staff of [coordinator, lead]) {
      const [alertSms] = await smsTo(stack.stores, [staff.phone as string]);
      expect(alertSms.body).toContain('nobody has accepted yet');
      expect(alertSms.body).toContain(`/requests/${requestId}`);
      const [alertEmail] = await emailsTo(staff.email);
      expect(alertEmail.subject).toContain('Dispatch alert');
      expect(alertEmail.receivedAt.getTime()).toBeGreaterThanOrEqual(offerEmail.receivedAt.getTime());
    }

    const [told] = await until(
      'the requester is told',
      () => emailsTo(requesterEmail),
      (m) => m.length === 1,
    );
    expect(told.subject).toBe('We could not find a counselor in time');
    expect(told.body).toContain('Samaritans on 116 123');
    expect(await eventTypes(requestId)).toEqual([
      'submitted',
      'matched',
      'wave-sent',
      'wave-sent',
      'escalated',
      'unmatched',
    ]);
    // Exactly one of each: no wave went out twice.
    expect(await smsTo(stack.stores, [c.phone as string])).toHaveLength(1);
    expect(await emailsTo(c.email)).toHaveLength(1);
    await maybeSaveHistory(stack.temporal, 'escalated-unmatched', handle.workflowId);
  });

  it('lets a counselor accept in wave 2 from the email link', async () => {
    const { ws } = await team();
    const c = await createCounselor(stack.stores, ws);
    const other = await createCounselor(stack.stores, ws);
    const { handle, requestId, requesterEmail } = await submit(ws, {
      policy: {
        ...WAVES,
        waves: [
          { channel: 'sms', wait: '1s' },
          { channel: 'email', wait: '30s' },
        ],
      },
    });
    const [email] = await until(
      'the email offer',
      () => emailsTo(c.email),
      (m) => m.length === 1,
    );
    expect((await handle.query(dispatchStatusQuery)).wave).toBe(2);
    // The wave-1 SMS link still works alongside the email's own link.
    const [sms] = await smsTo(stack.stores, [c.phone as string]);
    expect(await (await fetch(acceptLinkIn(sms.body))).text()).toContain('/accept');
    const res = await fetch(`${acceptLinkIn(email.body)}/accept`, { method: 'POST' });
    expect(await res.text()).toContain('data-result="won"');
    const result = await untilAfterWin(handle);
    expect(result.winner).toBe(c.id);
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(c.id);
    // The other counselor was last reached by SMS: the thank-you goes there (their second SMS).
    await until(
      'covered SMS',
      () => smsTo(stack.stores, [other.phone as string]),
      (m) => m.length === 2,
    );
    const [covered] = await smsTo(stack.stores, [other.phone as string]);
    expect(covered.body).toContain('now covered');
    await until(
      'requester told',
      () => emailsTo(requesterEmail),
      (m) => m.length === 1,
    );
  });
});

describe('matching', () => {
  it('widens when nobody fits, records why, and alerts the coordinator at once', async () => {
    const { ws, coordinator } = await team({ ...WAVES, waves: [{ channel: 'sms', wait: '30s' }] });
    const generalist = await createCounselor(stack.stores, ws, { languages: ['ru'], specialisms: ['general'] });
    const { requestId, handle } = await submit(ws, { language: 'ru', topic: 'grief', lived: ['parent'] });

    await until(
      'offer to the generalist',
      () => smsTo(stack.stores, [generalist.phone as string]),
      (m) => m.length === 1,
    );
    const status = await handle.query(dispatchStatusQuery);
    expect(status.widened).toEqual(['drop-lived-experience', 'general-support']);
    expect(status.offered).toEqual([generalist.id]);
    const [alert] = await until(
      'coordinator alerted',
      () => smsTo(stack.stores, [coordinator.phone as string]),
      (m) => m.length === 1,
    );
    expect(alert.body).toContain('the match had to be widened');
    const events = await stack.stores.events.list(requestId);
    expect(events.filter((e) => e.type === 'widened').map((e) => e.data)).toEqual([
      { count: 0, step: 'drop-lived-experience' },
      { count: 1, step: 'general-support' },
    ]);
    await handle.terminate('done');
  });

  it('skips a counselor in quiet hours for SMS and reaches them in the email wave, unless urgent and opted in', async () => {
    const { ws } = await team();
    const allDay = { quietStart: '00:00', quietEnd: '23:59', timeZone: 'Europe/Tallinn' };
    const sleeper = await createCounselor(stack.stores, ws, { languages: ['et'] });
    await stack.stores.users.updateProfile(sleeper.id, allDay);
    const optedIn = await createCounselor(stack.stores, ws, { languages: ['et'] });
    await stack.stores.users.updateProfile(optedIn.id, { ...allDay, urgentSmsOptIn: true });
    const awake = await createCounselor(stack.stores, ws, { languages: ['et'] });

    const normal = await submit(ws, { language: 'et' });
    await until(
      'the email wave',
      () => emailsTo(sleeper.email),
      (m) => m.length === 1,
    );
    expect(await smsTo(stack.stores, [sleeper.phone as string, optedIn.phone as string])).toHaveLength(0);
    expect(await smsTo(stack.stores, [awake.phone as string])).toHaveLength(1);
    await normal.handle.terminate('done');

    const urgent = await submit(ws, { language: 'et', urgent: true });
    await until(
      'urgent SMS to the opted-in',
      () => smsTo(stack.stores, [optedIn.phone as string]),
      (m) => m.length === 1,
    );
    const [urgentSms] = await smsTo(stack.stores, [optedIn.phone as string]);
    expect(urgentSms.body).toMatch(/^URGENT /);
    expect(await smsTo(stack.stores, [sleeper.phone as string])).toHaveLength(0);
    await urgent.handle.terminate('done');
  });
});

describe('coordinator actions', () => {
  it('cancels mid-wave: no later wave goes out, offered counselors and the requester are told', async () => {
    const { ws, coordinator } = await team({
      ...WAVES,
      waves: [
        { channel: 'sms', wait: '3s' },
        { channel: 'email', wait: '3s' },
      ],
    });
    const c = await createCounselor(stack.stores, ws);
    const { handle, requestId, requesterEmail } = await submit(ws);
    await until(
      'wave 1',
      () => smsTo(stack.stores, [c.phone as string]),
      (m) => m.length === 1,
    );
    expect(
      await handle.executeUpdate(cancelRequestUpdate, { args: [{ by: 'coordinator', userId: coordinator.id }] }),
    ).toBe('cancelled');
    const result = await handle.result();
    expect(result.phase).toBe('cancelled');
    expect(await emailsTo(c.email)).toHaveLength(0);
    const sms = await smsTo(stack.stores, [c.phone as string]);
    expect(sms.map((m) => m.body)).toEqual([expect.stringContaining('withdrawn'), expect.stringMatching(/Reply A\d+/)]);
    const [told] = await until(
      'requester told',
      () => emailsTo(requesterEmail),
      (m) => m.length === 1,
    );
    expect(told.subject).toBe('Your request has been closed');
    expect((await stack.stores.requests.getById(requestId))?.phase).toBe('cancelled');
    const [offer] = await stack.stores.offers.listForRequest(requestId);
    expect(offer.status).toBe('expired');
    await maybeSaveHistory(stack.temporal, 'cancelled', handle.workflowId);
  });

  it('refuses to cancel a request a counselor has already accepted: it stays theirs', async () => {
    const { ws, coordinator } = await team({ ...WAVES, waves: [{ channel: 'sms', wait: '30s' }] });
    const c = await createCounselor(stack.stores, ws);
    const { handle, requestId } = await submit(ws);
    await until(
      'wave 1',
      () => smsTo(stack.stores, [c.phone as string]),
      (m) => m.length === 1,
    );
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: c.id }] })).toBe('won');
    expect(
      await handle.executeUpdate(cancelRequestUpdate, { args: [{ by: 'coordinator', userId: coordinator.id }] }),
    ).toBe('already-assigned');
    // The request stays theirs: the workflow goes on to scheduling the session.
    const result = await untilAfterWin(handle);
    expect(result.phase).toBe('scheduling');
    expect((await stack.stores.requests.getById(requestId))?.phase).toBe('assigned');
    const texts = (await smsTo(stack.stores, [c.phone as string])).map((m) => m.body);
    expect(texts.some((t) => t.includes('withdrawn'))).toBe(false);
  });

  it('assigns a named counselor, who can refuse: the request goes back to dispatch without them', async () => {
    const { ws, coordinator } = await team({ ...WAVES, waves: [{ channel: 'sms', wait: '30s' }] });
    const [a, b] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
    const outsider = await createCounselor(stack.stores, ws, { languages: ['de'] });
    const { handle, requestId } = await submit(ws);
    await until(
      'wave 1',
      () => smsTo(stack.stores, [a.phone as string, b.phone as string]),
      (m) => m.length === 2,
    );

    expect(
      await handle.executeUpdate(assignCounselorUpdate, {
        args: [{ counselorId: outsider.id, coordinatorId: coordinator.id }],
      }),
    ).toBe('assigned');
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: a.id }] })).toBe('taken');
    const [told] = await until(
      'assignee told',
      () => smsTo(stack.stores, [outsider.phone as string]),
      (m) => m.length === 1,
    );
    expect(told.body).toContain('A coordinator assigned you a request');
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(outsider.id);

    // The link in the message lets them say they cannot take it.
    const link = /(https?:\/\/\S+\/o\/[A-Za-z0-9_-]+)/.exec(told.body)![1];
    const page = await (await fetch(link)).text();
    expect(page).toContain("I can't take this");
    const refused = await fetch(`${link}/refuse`, { method: 'POST' });
    expect(await refused.text()).toContain('data-result="refused"');

    // Back to dispatch: a and b are offered again, the outsider is excluded.
    await until(
      're-offered',
      () => smsTo(stack.stores, [a.phone as string]),
      (m) => m.filter((x) => /Reply A/.test(x.body)).length === 2,
    );
    const status = await handle.query(dispatchStatusQuery);
    expect(status.phase).toBe('offering');
    expect(status.excluded).toEqual([outsider.id]);
    expect(await stack.stores.requests.getAssignee(requestId)).toBeUndefined();
    expect(await eventTypes(requestId)).toEqual(
      expect.arrayContaining(['assigned-by-coordinator', 'assignment-refused']),
    );
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: outsider.id }] })).toBe('not-offered');
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: b.id }] })).toBe('won');
    expect((await untilAfterWin(handle)).winner).toBe(b.id);
    await maybeSaveHistory(stack.temporal, 'assignment-refused', handle.workflowId);
  });

  it('widens by hand and extends the hold-open window', async () => {
    const { ws, coordinator } = await team({
      ...WAVES,
      waves: [{ channel: 'sms', wait: '1s' }],
      holdOpen: '3s',
      widening: ['drop-lived-experience'],
    });
    const exact = await createCounselor(stack.stores, ws, { livedExperience: ['recovery'] });
    const broader = await createCounselor(stack.stores, ws);
    const { handle } = await submit(ws, { lived: ['recovery'] });
    await until(
      'wave 1',
      () => smsTo(stack.stores, [exact.phone as string]),
      (m) => m.length === 1,
    );
    expect(await smsTo(stack.stores, [broader.phone as string])).toHaveLength(0);

    await handle.signal(widenMatchSignal, { coordinatorId: coordinator.id });
    await until(
      'the wider match is offered',
      () => smsTo(stack.stores, [broader.phone as string]),
      (m) => m.length === 1,
    );
    expect((await handle.query(dispatchStatusQuery)).widened).toEqual(['drop-lived-experience']);

    await until(
      'hold-open',
      () => handle.query(dispatchStatusQuery),
      (s) => s.holdUntil !== null,
    );
    const before = (await handle.query(dispatchStatusQuery)).holdUntil as number;
    await handle.signal(extendHoldSignal, { byMs: 60_000, coordinatorId: coordinator.id });
    const after = await until(
      'extended',
      () => handle.query(dispatchStatusQuery),
      (s) => (s.holdUntil ?? 0) > before,
    );
    expect((after.holdUntil as number) - before).toBe(60_000);
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: broader.id }] })).toBe('won');
  });
});
