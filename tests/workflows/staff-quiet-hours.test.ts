// Nights kept for staff: a non-urgent alert in a coordinator's or lead's quiet hours waits for the end of the
// hours and arrives in one morning message (a durable timer: a worker restart in between loses nothing and
// sends nothing twice); an alert about someone who may be in danger now reaches them at once.
import type { Workspace } from '../../db';
import { workflowIdFor } from '../../workflows/definitions';
import {
  createStaff,
  createWorkspace,
  FAST_POLICY,
  login,
  putOnCall,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { quietHoursUntil, wholeSecondIn } from '../helpers/quiet-hours';

const stack = useTestStack();

async function staffAsleepUntil(ws: Workspace, role: 'coordinator' | 'lead', endsAt: number) {
  const person = await createStaff(stack.stores, ws, role);
  await stack.stores.heldAlerts.setStaffQuietHours(person.id, quietHoursUntil(endsAt));
  return person;
}

const emailsTo = (to: string) => stack.stores.devOutbox.list({ to, kind: 'email' });
const mentions = (requestId: string) => (m: { body: string }) => m.body.includes(`/requests/${requestId}`);

it('holds non-urgent alerts for one morning message, lets urgent ones through, and survives a worker restart', async () => {
  const ws = await createWorkspace(stack.stores, FAST_POLICY);
  // Quiet hours that end, to the second, 45 s from now: long enough to hold every alert first.
  const endsAt = wholeSecondIn(45_000);
  const sleeper = await staffAsleepUntil(ws, 'coordinator', endsAt);
  const lead = await staffAsleepUntil(ws, 'lead', endsAt);
  await putOnCall(stack.stores, ws, lead.id);
  const awake = await createStaff(stack.stores, ws, 'coordinator');

  // Nobody matches these (a language no counselor speaks): a "no match" alert each, at once.
  const first = await startStoredRequest(stack, ws, FAST_POLICY, { language: 'xh' });
  const second = await startStoredRequest(stack, ws, FAST_POLICY, { language: 'xh' });

  // Awake, the other coordinator hears of both at once.
  await waitFor('both alerts to the coordinator awake', async () => {
    const mails = await emailsTo(awake.email);
    if (!mails.some(mentions(first.requestId)) || !mails.some(mentions(second.requestId))) throw new Error('not yet');
  });
  // The two asleep are held for the morning, each with both alerts.
  await waitFor('both alerts held for the two asleep', async () => {
    const waiting = await stack.stores.heldAlerts.waiting(ws.id);
    const count = (id: string) => waiting.find((w) => w.userId === id)?.alerts ?? 0;
    if (count(sleeper.id) !== 2 || count(lead.id) !== 2) throw new Error(JSON.stringify(waiting));
  });

  // An urgent request: the on-call lead hears at once though it is night for them, and so does the
  // coordinator asleep of its "no match" (an alert about someone in danger now never waits).
  const urgent = await startStoredRequest(stack, ws, FAST_POLICY, { language: 'xh', urgent: true });
  const [urgentSms] = await waitFor('the urgent alert SMS to the lead', async () => {
    const found = (await smsTo(stack.stores, [lead.phone!])).filter((m) => /URGENT/i.test(m.body));
    if (found.length === 0) throw new Error('none yet');
    return found;
  });
  expect(urgentSms.receivedAt.getTime()).toBeLessThan(endsAt);
  await waitFor('the urgent request\'s "no match" to the coordinator asleep', async () => {
    if (!(await emailsTo(sleeper.email)).some(mentions(urgent.requestId))) throw new Error('not yet');
  });

  // The board shows what waits for the morning, and for whom.
  const board = await (
    await fetch(`${stack.baseUrl}/board`, { headers: { cookie: await login(stack.baseUrl, awake.email) } })
  ).text();
  expect(board).toContain('Waiting for the morning');
  expect(board).toContain(`data-user="${sleeper.id}"`);
  expect(board).toContain(`data-user="${lead.id}"`);

  // Nothing of the two held alerts reached the sleeper yet.
  const held = (m: { body: string }) => mentions(first.requestId)(m) || mentions(second.requestId)(m);
  expect((await emailsTo(sleeper.email)).filter(held)).toEqual([]);
  expect((await smsTo(stack.stores, [sleeper.phone!])).filter(held)).toEqual([]);

  // The worker goes away and comes back while the morning messages wait: the timers are the server's.
  await stack.stopWorker();
  await stack.startWorker();

  const morningTo = async (person: { email: string; phone: string | null }) => ({
    email: (await emailsTo(person.email)).filter((m) => /quiet hours/.test(m.subject ?? '')),
    sms: (await smsTo(stack.stores, [person.phone!])).filter((m) => /quiet hours/.test(m.body)),
  });
  for (const person of [sleeper, lead]) {
    const got = await waitFor(
      'the morning message',
      async () => {
        const m = await morningTo(person);
        if (m.email.length === 0 || m.sms.length === 0) throw new Error('not yet');
        return m;
      },
      120_000,
    );
    // One message carrying both alerts, after the hours ended, by email and by SMS.
    expect(got.email).toHaveLength(1);
    expect(got.sms).toHaveLength(1);
    expect(got.email[0].subject).toContain('2 dispatch alert');
    expect(mentions(first.requestId)(got.email[0]) && mentions(second.requestId)(got.email[0])).toBe(true);
    expect(got.email[0].receivedAt.getTime()).toBeGreaterThanOrEqual(endsAt);
    expect(got.sms[0].body).toContain('2 dispatch alert');
  }
  await waitFor('nothing left waiting', async () => {
    if ((await stack.stores.heldAlerts.waiting(ws.id)).length > 0) throw new Error('still waiting');
  });
  // Sent once: the ledger holds one morning message per person and channel.
  const ledger = await stack
    .db('notifications')
    .whereIn('user_id', [sleeper.id, lead.id])
    .where('purpose', 'like', 'morning-%');
  expect(ledger).toHaveLength(4);
  for (const r of [first, second, urgent])
    await stack.temporal.workflow
      .getHandle(workflowIdFor(r.requestId))
      .terminate('test done')
      .catch(() => undefined); // closed already
});
