// Safety at the door: "in danger now" shows the crisis lines first, alerts the on-call lead at once,
// repeats until acknowledged, then goes to the coordinators; a counselor can escalate to the lead.
import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../db';
import { workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  FAST_POLICY,
  login,
  putOnCall,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { textApp } from '../helpers/twilio';

const stack = useTestStack();

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '3s', urgentWait: '3s' }],
  holdOpen: '1s',
  urgentHoldOpen: '1s',
  urgentAckWait: '1s',
  urgentAlertRepeats: 1,
};

async function team(policy = POLICY) {
  const ws: Workspace = await stack.stores.workspaces.create({
    slug: `urgent-${randomUUID().slice(0, 8)}`,
    name: 'Urgent team',
    dispatchPolicy: policy,
  });
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  const lead = await createStaff(stack.stores, ws, 'lead');
  await putOnCall(stack.stores, ws, lead.id);
  await stack.stores.safety.addCrisisResource(ws.id, {
    name: 'Lifeline Test',
    phone: '+1 555 0100',
    url: 'https://lifeline.example.org',
    language: null,
    country: null,
    note: 'Any hour',
    position: 0,
  });
  return { ws, coordinator, lead };
}

const until = <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000) =>
  waitFor(
    what,
    async () => {
      const v = await read();
      if (!ok(v)) throw new Error('not yet');
      return v;
    },
    ms,
  );

const dangerForm = () =>
  new URLSearchParams({ language: 'en', topic: 'suicide-safety', phone: '+15550109999', safety: 'yes' });

describe('a person who may be in danger now', () => {
  it('sees the crisis lines first on the answer page, without JavaScript, and in the JSON answer', async () => {
    const { ws } = await team();
    const form = await fetch(`${stack.baseUrl}/w/${ws.slug}/request`);
    const formHtml = await form.text();
    expect(formHtml).toContain('What peer support is');
    expect(formHtml).toContain('not an emergency or crisis service');
    expect(formHtml).toContain('Lifeline Test');
    expect(formHtml.indexOf('Lifeline Test')).toBeLessThan(formHtml.indexOf('<form'));

    const res = await fetch(`${stack.baseUrl}/w/${ws.slug}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      // With the form's signed render time, as a browser sends it back (api/intake/guard.ts).
      body: new URLSearchParams([...dangerForm(), ['_t', /name="_t" value="([^"]+)"/.exec(formHtml)?.[1] ?? '']]),
    });
    expect(res.status).toBe(201);
    const answer = await res.text();
    const main = answer.slice(answer.indexOf('<main>'));
    expect(main.indexOf('Lifeline Test')).toBeGreaterThan(0);
    expect(main.indexOf('Lifeline Test')).toBeLessThan(main.indexOf('Your request is on its way'));
    expect(main).toContain('href="tel:+15550100"');

    const json = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email: 'x@example.org',
      safety: 'yes',
    });
    expect(json.body.urgent).toBe(true);
    expect(json.body.crisisResources.map((r: { name: string }) => r.name)).toEqual(['Lifeline Test']);
    expect(json.body.scope).toMatch(/not therapy/);
  });

  it('alerts the on-call lead at once, repeats when nobody acknowledges, then goes to the coordinators', async () => {
    const { ws, coordinator, lead } = await team();
    const counselor = await createCounselor(stack.stores, ws, { specialisms: ['suicide-safety'] });
    const { body } = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'suicide-safety',
      phone: '+15550109998',
      safety: 'yes',
    });
    const [wave] = await until(
      'wave 1',
      () => smsTo(stack.stores, [counselor.phone as string]),
      (m) => m.length === 1,
    );
    expect(wave.body).toMatch(/^URGENT /);

    const leadSms = await until(
      'two alerts to the lead',
      () => smsTo(stack.stores, [lead.phone as string]),
      (m) => m.length === 2,
    );
    const firstAlert = leadSms[leadSms.length - 1];
    expect(firstAlert.body).toContain('someone may be in danger now');
    // At once: the lead's alert (its SMS and email) is scheduled before the counselors' wave, not after it. Read from
    // the workflow's own history, not from clock times at the sinks (a loaded machine can delay either send).
    const history = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).fetchHistory();
    const scheduled = (history.events ?? []).flatMap(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
    );
    expect(scheduled.indexOf('alertStaff')).toBeGreaterThanOrEqual(0);
    expect(scheduled.indexOf('alertStaff')).toBeLessThan(scheduled.indexOf('sendWave'));
    const leadEmail = await until(
      'alert email to the lead',
      () => stack.stores.devOutbox.list({ to: lead.email }),
      (m) => m.length >= 1,
    );
    expect(leadEmail[leadEmail.length - 1].subject).toMatch(/danger|urgent/i);

    const [toCoordinator] = await until(
      'the coordinator',
      () => smsTo(stack.stores, [coordinator.phone as string]),
      (m) => m.some((x) => x.body.includes('not acknowledged')),
    );
    expect(toCoordinator.body).toContain('not acknowledged by the on-call lead');
    const status = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).result();
    expect(status.urgentAlerts).toBe(2);
    expect(status.urgentAcknowledged).toBe(false);
  });

  it('stops repeating once the lead acknowledges from the link', async () => {
    const { ws, coordinator, lead } = await team({ ...POLICY, urgentAckWait: '4s' });
    const { body } = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email: 'someone@example.org',
      safety: 'yes',
    });
    const urgentAlerts = async () =>
      (await smsTo(stack.stores, [lead.phone as string])).filter((m) => m.body.includes('danger now'));
    const [alert] = await until('the alert', urgentAlerts, (m) => m.length === 1);
    const link = /(https?:\/\/\S+\/a\/[A-Za-z0-9_-]+)/.exec(alert.body)![1];
    expect(await (await fetch(link)).text()).toContain('acknowledge');
    expect(await stack.stores.requests.getById(body.id)).toMatchObject({ urgent: true });
    const ack = await fetch(link, { method: 'POST' });
    expect(await ack.text()).toContain('data-result="acknowledged"');

    const status = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).result();
    expect(status.urgentAcknowledged).toBe(true);
    expect(status.urgentAlerts).toBe(1);
    expect(await urgentAlerts()).toHaveLength(1);
    expect(
      (await smsTo(stack.stores, [coordinator.phone as string])).filter((m) => m.body.includes('not acknowledged')),
    ).toHaveLength(0);
    const events = (await stack.stores.events.list(body.id)).map((e) => e.type);
    expect(events).toContain('urgent-acknowledged');
  });
});

describe('acknowledging by SMS', () => {
  it('lets the on-call lead reply OK to the urgent alert, which stops the repeats', async () => {
    const { ws, lead } = await team({ ...POLICY, urgentAckWait: '4s' });
    const { body } = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email: 'sms-ack@example.org',
      safety: 'yes',
    });
    const alerts = await until(
      'the alert',
      () => smsTo(stack.stores, [lead.phone as string]),
      (m) => m.some((x) => x.body.includes('danger now')),
    );
    const alert = alerts.find((x) => x.body.includes('danger now'))!;
    expect(alert.body).toContain('Reply OK to acknowledge');
    const answer = await textApp(stack, lead.phone as string, 'ok');
    expect(answer.message).toContain('Acknowledged');
    const status = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).result();
    expect(status.urgentAcknowledged).toBe(true);
    expect(status.urgentAlerts).toBe(1);
  });
});

describe('the on-call rota', () => {
  it('sends the urgent alert to whoever is on call, and to the coordinators when nobody is', async () => {
    const { ws, coordinator, lead } = await team({ ...POLICY, urgentAckWait: '30s' });
    const other = await createStaff(stack.stores, ws, 'lead');
    // A holiday override: the other lead is on call right now.
    await stack.stores.rota.addOverride(ws.id, {
      leadId: other.id,
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
      note: 'swap',
    });
    const first = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email: 'a@example.org',
      safety: 'yes',
    });
    await until(
      'the on-call lead is alerted',
      () => smsTo(stack.stores, [other.phone as string]),
      (m) => m.some((x) => x.body.includes('danger now')),
    );
    expect(
      (await smsTo(stack.stores, [lead.phone as string])).filter((m) => m.body.includes('danger now')),
    ).toHaveLength(0);

    // A gap in the rota: the alert falls back to the coordinators.
    await stack.stores.rota.addOverride(ws.id, {
      leadId: null,
      startsAt: new Date(Date.now() - 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
      note: 'nobody',
    });
    await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email: 'b@example.org',
      safety: 'yes',
    });
    await until(
      'the coordinator is alerted',
      () => smsTo(stack.stores, [coordinator.phone as string]),
      (m) => m.some((x) => x.body.includes('danger now')),
    );
    const events = await stack.stores.events.list(first.body.id);
    // The no-match alert runs alongside the urgent one, in either order: look for the urgent one.
    const urgentAlert = events.find((e) => e.type === 'escalated' && e.data.reason === 'urgent');
    expect(urgentAlert?.data).toMatchObject({ reason: 'urgent', staff: 1 });
  });
});

describe('a counselor who needs more than peer support', () => {
  it('alerts the on-call lead at once with the counselor’s phone number; other counselors see nothing of it', async () => {
    const { ws, lead } = await team({ ...POLICY, waves: [{ channel: 'sms', wait: '20s' }] });
    const winner = await createCounselor(stack.stores, ws, { languages: ['ru'] });
    const bystander = await createCounselor(stack.stores, ws, { languages: ['de'] });
    await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'ru',
      topic: 'general',
      email: 'person@example.org',
      safety: 'no',
    });
    const [offer] = await until(
      'the offer',
      () => smsTo(stack.stores, [winner.phone as string]),
      (m) => m.length === 1,
    );
    const link = acceptLinkIn(offer.body);
    const won = await (await fetch(`${link}/accept`, { method: 'POST' })).text();
    expect(won).toContain('This needs more than peer support');

    const escalated = await fetch(`${link}/escalate`, { method: 'POST' });
    expect(await escalated.text()).toContain('data-result="escalated"');
    const alert = await until(
      'the lead is alerted',
      () => smsTo(stack.stores, [lead.phone as string]),
      (m) => m.some((x) => x.body.includes('needs more than peer support')),
    );
    expect(alert.find((x) => x.body.includes('needs more than peer support'))!.body).toContain(winner.phone as string);

    // Nobody else hears of it, and a counselor cannot open the staff pages.
    expect(await smsTo(stack.stores, [bystander.phone as string])).toHaveLength(0);
    const requestId = (await stack.db('offers').where({ counselor_id: winner.id }).first()).request_id;
    const bystanderCookie = await login(stack.baseUrl, bystander.email);
    expect(
      (await fetch(`${stack.baseUrl}/requests/${requestId}`, { headers: { cookie: bystanderCookie } })).status,
    ).toBe(403);
    expect(
      (await fetch(`${stack.baseUrl}/api/requests/${requestId}`, { headers: { cookie: bystanderCookie } })).status,
    ).toBe(403);
  });
});
