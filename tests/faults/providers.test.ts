// The providers misbehave: SMTP refuses connections for a while, the SMS API takes longer than the client
// waits. Temporal retries with backoff; each message still goes out exactly once.
import { createNotifier, createSmtpEmailSender, createTwilioSmsSender } from '../../activities';
import { IN_DOUBT_AFTER_MS } from '../../notifications';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
  waitForSmsTo,
} from '../helpers/stack';
import { activityTypes, localActivityTypes } from '../helpers/histories';
import { queueSinkFaults } from '../helpers/twilio';
import { workflowIdFor } from '../../workflows/definitions';

const stack = useTestStack();

/**
 * A team whose one wave goes by SMS, a request for it submitted while the provider holds the first counselor's
 * message `delayMs` before answering. The counselors are returned in that order.
 */
async function submitWithSlowProvider(opts: { language: string; counselors: number; delayMs: number; email: string }) {
  const ws = await createWorkspace(stack.stores, { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] });
  const people = await Promise.all(
    Array.from({ length: opts.counselors }, () => createCounselor(stack.stores, ws, { languages: [opts.language] })),
  );
  await queueSinkFaults(stack, [{ to: people[0].phone as string, delayMs: opts.delayMs }]);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: opts.language,
    topic: 'general',
    email: opts.email,
    safety: 'no',
  });
  return { people, body };
}

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
  expect((await Promise.all(counselors.map((c) => stack.stores.devOutbox.list({ to: c.email })))).flat()).toHaveLength(
    0,
  );

  await stack.startSmtp();
  const emails = await waitFor(
    'the emails',
    async () => {
      const all = (await Promise.all(counselors.map((c) => stack.stores.devOutbox.list({ to: c.email })))).flat();
      if (all.length < 2) throw new Error(`${all.length} of 2`);
      return all;
    },
    60_000,
  );
  expect(emails.map((m) => m.to).sort()).toEqual(counselors.map((c) => c.email).sort());
  // The sink has them before the worker records them sent (a wave is marked once all its sends are back).
  const failedFirst = await waitFor(
    'both emails recorded as sent',
    async () => {
      const rows = await stack.db('notifications').where({ request_id: body.id, channel: 'email', status: 'sent' });
      if (rows.length < 2) throw new Error(`${rows.length} of 2`);
      return rows;
    },
    30_000,
  );
  expect(failedFirst).toHaveLength(2);
  expect(failedFirst.every((n) => n.attempts >= 2)).toBe(true);
});

it('counts an SMS the provider took but answered too late as sent, and does not send it again', async () => {
  // The provider records the message, then answers after the client's 10 s timeout.
  const {
    people: [c],
    body,
  } = await submitWithSlowProvider({ language: 'de', counselors: 1, delayMs: 12_000, email: 'late@example.org' });
  const row = await waitFor(
    'the send to be settled',
    async () => {
      const n = await stack.db('notifications').where({ request_id: body.id, user_id: c.id, channel: 'sms' }).first();
      if (n?.status !== 'sent') throw new Error(n?.status ?? 'none');
      return n;
    },
    // Settled by asking the provider once the claim is older than IN_DOUBT_AFTER_MS, on a retry's backoff.
    IN_DOUBT_AFTER_MS + 120_000,
  );
  const sms = await smsTo(stack.stores, [c.phone as string]);
  expect(sms).toHaveLength(1);
  expect(row.provider_id).toBe(sms[0].providerId);
});

it('hands a first wave that outlives its bound in the worker to the activity, which waits for the slow send and sends nothing twice', async () => {
  // The provider takes 6 s for one message of the wave: past the worker's bound for the first wave (4 s), within
  // the client's own timeout (10 s), so the first attempt's call is still running when the activity takes over.
  const {
    people: [slow, quick],
    body,
  } = await submitWithSlowProvider({ language: 'de', counselors: 2, delayMs: 6_000, email: 'slow-wave@example.org' });
  expect(body.id).toEqual(expect.any(String));
  const requestId = body.id as string;
  // Well before a claim left by a dead process could be settled (IN_DOUBT_AFTER_MS): the activity knew the first
  // attempt was alive in its own worker and waited for that call, not for the in-doubt age.
  const events = await waitFor(
    'the wave recorded',
    async () => {
      const all = await stack.stores.events.list(requestId);
      if (!all.some((e) => e.type === 'wave-sent')) throw new Error(all.map((e) => e.type).join(','));
      return all;
    },
    IN_DOUBT_AFTER_MS / 2,
  );
  const waves = events.filter((e) => e.type === 'wave-sent');
  expect(waves.map((e) => e.data)).toEqual([expect.objectContaining({ wave: 1, sent: 2, failed: [] })]);
  const rows = await stack.db('notifications').where({ request_id: requestId, channel: 'sms' });
  expect(rows.map((r) => [r.user_id, r.status, r.attempts]).sort()).toEqual(
    [
      [slow.id, 'sent', 1],
      [quick.id, 'sent', 1],
    ].sort(),
  );
  for (const c of [slow, quick]) expect(await smsTo(stack.stores, [c.phone as string])).toHaveLength(1);
  // The worker's attempt ran out of time and the activity finished the wave.
  const history = await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).fetchHistory();
  expect(localActivityTypes(history)).toEqual(['sendWave']);
  expect(activityTypes(history)).toEqual(['sendWave']);
  // On its first attempt: it waited for the call still running beside it rather than failing on the claim in
  // doubt and retrying after a backoff.
  const started = (history.events ?? []).flatMap((e) => e.activityTaskStartedEventAttributes ?? []);
  expect(started.map((a) => a.attempt)).toEqual([1]);
});

it('lets a counselor accept while the first wave is still at a slow provider: the accept waits for the wave and wins', async () => {
  // One message of the wave takes 3 s at the provider (within the worker's bound): the workflow task that sends
  // the wave is still running when the other counselor's SMS has arrived and they tap Accept.
  const {
    people: [slow, quick],
    body,
  } = await submitWithSlowProvider({
    language: 'et',
    counselors: 2,
    delayMs: 3_000,
    email: 'accept-mid-wave@example.org',
  });
  expect(body.id).toEqual(expect.any(String));
  const requestId = body.id as string;
  const [sms] = await waitForSmsTo(stack.stores, [quick.phone as string], 1);
  // The wave is still at the provider: the slow message is not back yet.
  const slowRow = () => stack.db('notifications').where({ request_id: requestId, user_id: slow.id }).first();
  expect((await slowRow()).status).toBe('sending');
  const answer = await fetch(`${acceptLinkIn(sms.body)}/accept`, { method: 'POST', redirect: 'manual' });
  // The accept is answered as won (not "still confirming"), once the wave it arrived during had gone out.
  expect(/data-result="([a-z-]+)"/.exec(await answer.text())?.[1]).toBe('won');
  expect(await stack.stores.requests.getAssignee(requestId)).toBe(quick.id);
  const rows = await stack.db('notifications').where({ request_id: requestId, purpose: 'offer-r1-w1' });
  expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  for (const c of [slow, quick])
    expect(await smsTo(stack.stores, [c.phone as string])).toEqual(
      expect.arrayContaining([expect.objectContaining({ to: c.phone })]),
    );
});

it('sends an SMS left in doubt again when the only message with its words at the provider is another one', async () => {
  const ws = await createWorkspace(stack.stores);
  const c = await createCounselor(stack.stores, ws);
  const to = c.phone as string;
  const notifier = createNotifier(stack.stores, {
    sms: createTwilioSmsSender(stack.config.twilio),
    email: createSmtpEmailSender(stack.config.smtpUrl, stack.config.mailFrom),
  });
  // The same words twice, as a counselor gets "this one is covered" for two requests.
  const words = () => ({ to, body: 'Thank you: this request is covered by a colleague.' });
  const key = (n: number) => ({ requestId: null, userId: c.id, purpose: `covered-test-${ws.slug}-${n}` });
  expect(await notifier.sms(key(1), words)).toBe('sent');
  // The second send gets no answer within the client's timeout and never reaches the provider: in doubt.
  await queueSinkFaults(stack, [{ to, status: 500, delayMs: 12_000 }]);
  expect(await notifier.sms(key(2), words)).toBe('retry');
  const idempotencyKey = `-:${c.id}:${key(2).purpose}:sms`;
  expect((await stack.db('notifications').where({ idempotency_key: idempotencyKey }).first()).status).toBe('sending');
  // Long enough ago that no call can still be in flight (the age the settling waits for).
  await stack
    .db('notifications')
    .where({ idempotency_key: idempotencyKey })
    .update({ claimed_at: new Date(Date.now() - IN_DOUBT_AFTER_MS - 1_000) });

  // The provider has one message with these words, and the ledger knows it as the first: the second goes out.
  expect(await notifier.sms(key(2), words)).toBe('sent');
  const sms = await smsTo(stack.stores, [to]);
  expect(sms).toHaveLength(2);
  const ledger = await stack.db('notifications').where({ user_id: c.id }).orderBy('id');
  expect(ledger.map((n) => n.status)).toEqual(['sent', 'sent']);
  expect(new Set(ledger.map((n) => n.provider_id))).toEqual(new Set(sms.map((m) => m.providerId)));
});
