// The providers misbehave: SMTP refuses connections for a while, the SMS API takes longer than the client
// waits. Temporal retries with backoff; each message still goes out exactly once.
import {
  FAST_POLICY,
  createCounselor,
  createWorkspace,
  smsTo,
  startTestStack,
  submitRequest,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('sends the email wave once SMTP accepts connections again, once each', async () => {
  const ws = await createWorkspace(stack.stores, {
    ...FAST_POLICY,
    waves: [{ channel: 'email', wait: '60s' }],
  });
  const counselors = await Promise.all([1, 2].map(() => createCounselor(stack.stores, ws, { languages: ['es'] })));
  await stack.stopSmtp();
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'es',
    topic: 'general',
    phone: '+34600111222',
    safety: 'no',
  });
  await waitFor(
    'a refused attempt',
    async () => {
      const described = await stack.temporal.workflow.getHandle(`request-${body.id}`).describe();
      const retrying = (described.raw.pendingActivities ?? []).find((a) => (a.attempt ?? 0) > 1);
      if (!retrying) throw new Error('no retry yet');
    },
    30_000,
  );
  expect((await Promise.all(counselors.map((c) => stack.stores.outbox.list({ to: c.email })))).flat()).toHaveLength(0);

  await stack.startSmtp();
  const emails = await waitFor(
    'the emails',
    async () => {
      const all = (await Promise.all(counselors.map((c) => stack.stores.outbox.list({ to: c.email })))).flat();
      if (all.length < 2) throw new Error(`${all.length} of 2`);
      return all;
    },
    60_000,
  );
  expect(emails.map((m) => m.to).sort()).toEqual(counselors.map((c) => c.email).sort());
  const failedFirst = await stack.db('notifications').where({ request_id: body.id, channel: 'email', status: 'sent' });
  expect(failedFirst).toHaveLength(2);
  expect(failedFirst.every((n) => n.attempts >= 2)).toBe(true);
});

it('counts an SMS the provider took but answered too late as sent, and does not send it again', async () => {
  const ws = await createWorkspace(stack.stores, { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] });
  const c = await createCounselor(stack.stores, ws, { languages: ['de'] });
  // The provider records the message, then answers after the client's 10 s timeout.
  await fetch(`${stack.baseUrl}/dev/twilio/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses: [{ to: c.phone, delayMs: 12_000 }] }),
  });
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'de',
    topic: 'general',
    email: 'late@example.org',
    safety: 'no',
  });
  const row = await waitFor(
    'the send to be settled',
    async () => {
      const n = await stack.db('notifications').where({ request_id: body.id, user_id: c.id, channel: 'sms' }).first();
      if (n?.status !== 'sent') throw new Error(n?.status ?? 'none');
      return n;
    },
    90_000,
  );
  const sms = await smsTo(stack.stores, [c.phone as string]);
  expect(sms).toHaveLength(1);
  expect(row.provider_id).toBe(sms[0].providerId);
});
