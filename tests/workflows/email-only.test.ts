// An email-only team: with no Twilio credentials the product runs. SMS waves are skipped (the event says so),
// counselors get the email wave, the requester the email, and the policy page and board say SMS is off.
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/auth/passwords';
import type { Config } from '../../config';
import { createDispatchWorker, type DispatchWorker } from '../../workers/worker';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { untilAfterWin } from '../helpers/aftercare';
import {
  TEST_PASSWORD,
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack({ worker: false });
let worker: DispatchWorker;
let running: Promise<void>;
let emailOnly: Config;
beforeAll(async () => {
  emailOnly = { ...stack.config, twilio: undefined };
  worker = await createDispatchWorker(emailOnly, {
    db: stack.db,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
    handoverReminders: false,
    poolHealthSchedule: false,
    log: () => {},
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
});

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [
    { channel: 'sms', wait: '30s' },
    { channel: 'email', wait: '60s' },
  ],
  holdOpen: '30s',
};

it('dispatches a whole request by email when SMS is switched off', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const counselor = await createCounselor(stack.stores, ws, { languages: ['et'] });
  const requesterEmail = `req-email-only-${Date.now()}@example.org`;
  const { requestId } = await startStoredRequest(stack, ws, POLICY, {
    language: 'et',
    contact: { email: requesterEmail, phone: '+37251230000' },
  });

  // The SMS wave is skipped at once (not waited out): the email offer follows.
  const offer = await waitFor('the email offer', async () => {
    const [m] = await stack.stores.devOutbox.list({ to: counselor.email, kind: 'email' });
    if (!m) throw new Error('none yet');
    return m;
  });
  const smsWave = (await stack.stores.events.list(requestId)).find(
    (e) => e.type === 'wave-sent' && e.data.channel === 'sms',
  );
  expect(smsWave?.data).toMatchObject({ sent: 0, skipped: 1, smsOff: true });

  const won = await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' });
  expect(await won.text()).toContain('data-result="won"');
  const handle = stack.temporal.workflow.getHandle(workflowIdFor(requestId));
  expect((await untilAfterWin(handle)).winner).toBe(counselor.id);
  await waitFor('the winner and the requester told by email', async () => {
    const winner = await stack.stores.devOutbox.list({ to: counselor.email, kind: 'email' });
    const requester = await stack.stores.devOutbox.list({ to: requesterEmail, kind: 'email' });
    if (!winner.some((m) => /is yours/.test(m.subject ?? '')) || requester.length === 0) throw new Error('not yet');
  });
  // Not one text, to the counselor or to the requester who also gave a phone.
  expect(await smsTo(stack.stores, [counselor.phone!, '+37251230000'])).toEqual([]);
  expect((await handle.query(dispatchStatusQuery)).phase).toBe('scheduling');
  await handle.terminate('test done');
});

it('says SMS is off on the policy page (offering no SMS wave) and the board, and takes no Twilio webhooks', async () => {
  const app = createApp({ ...stack, config: emailOnly, log: () => {} });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ws = await createWorkspace(stack.stores, { ...POLICY, waves: [{ channel: 'email', wait: '60s' }] });
    const coordinator = await loginSession(base, (await createStaff(stack.stores, ws)).email);
    const policy = await (await fetch(`${base}/settings/policy`, { headers: { cookie: coordinator.cookie } })).text();
    expect(policy).toContain('data-sms="off"');
    expect(policy).not.toContain('<option value="sms"');
    const board = await (await fetch(`${base}/board`, { headers: { cookie: coordinator.cookie } })).text();
    expect(board).toContain('data-sms="off"');
    expect((await fetch(`${base}/webhooks/twilio/sms`, { method: 'POST' })).status).toBe(404);
    // With SMS on (the stack's own app), SMS waves are offered and nothing says it is off.
    const on = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
    const policyOn = await (await fetch(`${stack.baseUrl}/settings/policy`, { headers: { cookie: on.cookie } })).text();
    expect(policyOn).toContain('<option value="sms"');
    expect(policyOn).not.toContain('data-sms="off"');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
});

it('hides phone verification and the SMS choice from counselors when the team has no SMS, and keeps the choice made', async () => {
  const app = createApp({ ...stack, config: emailOnly, log: () => {} });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ws = await createWorkspace(stack.stores, POLICY);
    const c = await stack.stores.users.create({
      workspaceId: ws.id,
      role: 'counselor',
      email: `c-email-only-${Date.now()}@test.local`,
      name: 'Counselor unverified',
      phone: '+37251239999',
      phoneVerified: false,
      passwordHash: await hashPassword(TEST_PASSWORD),
      profile: { languages: ['et'], specialisms: ['general'], livedExperience: [], trainingComplete: true },
    });
    const off = await loginSession(base, c.email);
    const page = await (await fetch(`${base}/me/availability`, { headers: { cookie: off.cookie } })).text();
    expect(page).toContain('id="availability"');
    expect(page).not.toContain('/me/phone');
    expect(page).not.toContain('type="checkbox" name="sms"');
    expect(page).not.toMatch(/phone is not verified/);
    expect((await fetch(`${base}/me/phone`, { headers: { cookie: off.cookie } })).status).toBe(404);
    expect((await fetch(`${base}/me/phone/send`, { method: 'POST', headers: off.headers, body: '{}' })).status).toBe(
      404,
    );
    // Saving the page keeps the SMS choice made before (for the day the team adds SMS).
    const saved = await fetch(`${base}/me/availability`, {
      method: 'POST',
      headers: { ...off.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: off.csrf,
        capacity: '',
        quietStart: '',
        quietEnd: '',
        timeZone: 'UTC',
        ...(/name="sms" value="on"/.test(page) ? { sms: 'on' } : {}),
      }),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect((await stack.stores.pool.getProfile(ws.id, c.id))?.channels).toContain('sms');
    // With SMS on (the stack's own app) the same counselor is asked to verify the phone and offered SMS.
    const on = await loginSession(stack.baseUrl, c.email);
    const pageOn = await (await fetch(`${stack.baseUrl}/me/availability`, { headers: { cookie: on.cookie } })).text();
    expect(pageOn).toContain('/me/phone');
    expect(pageOn).toMatch(/phone is not verified/);
    expect(pageOn).toContain('type="checkbox" name="sms"');
    expect((await fetch(`${stack.baseUrl}/me/phone`, { headers: { cookie: on.cookie } })).status).toBe(200);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
});
