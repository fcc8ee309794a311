// Delivery receipts and a misbehaving SMS provider, on the real stack: the local Twilio sink reports
// delivery to the status callback (signed, like Twilio) and answers with injected faults on request.
import type { User, Workspace } from '../../db';
import type { DispatchPolicy } from '../../domain/policy';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  login,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { clearSinkFaults, queueSinkFaults, reportStatus } from '../helpers/twilio';

const stack = useTestStack();

async function submit(ws: Workspace): Promise<string> {
  const { status, body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'requester@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  return body.id as string;
}

/** The offer SMS's notification once the provider took it. */
async function offerSent(requestId: string, counselor: User, timeoutMs = 20_000) {
  return waitFor(
    'offer SMS',
    async () => {
      const row = await stack
        .db('notifications')
        .where({ request_id: requestId, user_id: counselor.id, channel: 'sms', status: 'sent' })
        .whereLike('purpose', 'offer-%')
        .first();
      if (!row) throw new Error('not sent yet');
      return row as { provider_id: string; attempts: number; delivery_status: string | null; error: string | null };
    },
    timeoutMs,
  );
}

const deliveryOf = async (providerId: string): Promise<string | null> =>
  (await stack.db('notifications').where({ provider_id: providerId }).first('delivery_status')).delivery_status;

const eventsOf = async (requestId: string, type: string) =>
  (await stack.stores.events.list(requestId)).filter((e) => e.type === type);

// First in the file: the spec's fault format applies to whatever message comes next, so nothing else may be sending.
describe('the sink answering with faults', () => {
  afterEach(() => clearSinkFaults(stack));

  it('sends the offer SMS exactly once when the provider answers 500 twice, then 200 (Temporal retries with backoff)', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    await queueSinkFaults(stack, [{ status: 500 }, { status: 500 }]);
    const requestId = await submit(ws);
    const sent = await offerSent(requestId, counselor, 15_000);
    expect(sent.attempts).toBe(3);
    expect(await smsTo(stack.stores, [counselor.phone as string])).toHaveLength(1);
    expect((await stack.stores.offers.getFor(requestId, counselor.id))?.replyCode).toBe(1);
  });

  it('retries after a 429 with Retry-After, to one recipient only, and forgets faults that were cleared', async () => {
    const ws = await createWorkspace(stack.stores);
    const [limited, other] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
    await queueSinkFaults(stack, [{ to: limited.phone as string, status: 429, retryAfter: 1 }]);
    const requestId = await submit(ws);
    expect((await offerSent(requestId, limited, 15_000)).attempts).toBe(2);
    expect((await offerSent(requestId, other)).attempts).toBe(1);
    expect(await smsTo(stack.stores, [limited.phone as string])).toHaveLength(1);

    await queueSinkFaults(stack, [{ to: limited.phone as string, status: 500 }, { status: 500 }]);
    await clearSinkFaults(stack);
    const again = await submit(ws);
    expect((await offerSent(again, limited)).attempts).toBe(1);
    expect((await offerSent(again, other)).attempts).toBe(1);
  });

  it('rejects a malformed fault list', async () => {
    const res = await fetch(`${stack.baseUrl}/dev/twilio/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [{ status: 'soon' }] }),
    });
    expect(res.status).toBe(400);
  });
});

describe('delivery receipts', () => {
  afterEach(() => clearSinkFaults(stack));

  it('shows in embedded mode what the sink reported (sent, then delivered) in the request deliveries', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const requestId = await submit(ws);
    const sent = await offerSent(requestId, counselor);
    await waitFor(
      'the delivered receipt',
      async () => expect(await deliveryOf(sent.provider_id)).toBe('delivered'),
      10_000,
    );

    const cookie = await login(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
    const status = await (await fetch(`${stack.baseUrl}/api/requests/${requestId}`, { headers: { cookie } })).json();
    expect(status.deliveries).toEqual(
      expect.arrayContaining([
        {
          counselorId: counselor.id,
          channel: 'sms',
          purpose: 'offer-r1-w1',
          status: 'sent',
          deliveryStatus: 'delivered',
          error: null,
        },
      ]),
    );
  });

  it('never lets a duplicated or late receipt undo a final state', async () => {
    const ws = await createWorkspace(stack.stores);
    const [a, b] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
    // The sink reports nothing for these two: the test plays Twilio's receipts itself.
    await queueSinkFaults(stack, [
      { to: a.phone as string, callbacks: [] },
      { to: b.phone as string, callbacks: [] },
    ]);
    const requestId = await submit(ws);
    const sidA = (await offerSent(requestId, a)).provider_id;
    const sidB = (await offerSent(requestId, b)).provider_id;
    expect(await deliveryOf(sidA)).toBeNull();

    const steps: [string, string, string][] = [
      [sidA, 'sent', 'sent'],
      [sidA, 'queued', 'sent'],
      [sidA, 'delivered', 'delivered'],
      [sidA, 'sent', 'delivered'],
      [sidA, 'delivered', 'delivered'],
      [sidA, 'undelivered', 'delivered'],
      [sidB, 'delivered', 'delivered'],
      [sidB, 'sending', 'delivered'],
    ];
    for (const [sid, reported, expected] of steps) {
      const res = await reportStatus(stack, sid, reported, reported === 'undelivered' ? { errorCode: '30003' } : {});
      expect(res.status).toBe(204);
      expect(await deliveryOf(sid)).toBe(expected);
    }
    expect(await eventsOf(requestId, 'delivery-failed')).toHaveLength(0);
  });

  it('keeps a failure final against a late "sent", and reports it once however often it arrives', async () => {
    const policy: DispatchPolicy = {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '60s' },
        { channel: 'email', wait: '60s' },
      ],
    };
    const ws = await createWorkspace(stack.stores, policy);
    const counselor = await createCounselor(stack.stores, ws);
    await queueSinkFaults(stack, [{ to: counselor.phone as string, callbacks: [] }]);
    const requestId = await submit(ws);
    const sid = (await offerSent(requestId, counselor)).provider_id;
    for (const reported of ['sent', 'failed', 'sent', 'failed', 'undelivered', 'queued']) {
      expect((await reportStatus(stack, sid, reported, { errorCode: '30006' })).status).toBe(204);
    }
    expect(await deliveryOf(sid)).toBe('failed');
    expect(await eventsOf(requestId, 'delivery-failed')).toHaveLength(1);
  });

  it('sends the email offer at once when the offer SMS is reported undelivered, and shows the failure to coordinators', async () => {
    // The email wave would come after a minute: the undelivered SMS brings it forward for that counselor.
    const policy: DispatchPolicy = {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '60s' },
        { channel: 'email', wait: '60s' },
      ],
    };
    const ws = await createWorkspace(stack.stores, policy);
    const [unreachable, failing, fine] = [
      await createCounselor(stack.stores, ws),
      await createCounselor(stack.stores, ws),
      await createCounselor(stack.stores, ws),
    ];
    await queueSinkFaults(stack, [
      // This one the test reports itself; for the next the sink reports the failure, as Twilio would.
      { to: unreachable.phone as string, callbacks: [] },
      { to: failing.phone as string, callbacks: ['sent', 'failed'], errorCode: 30006 },
    ]);
    const requestId = await submit(ws);
    const sid = (await offerSent(requestId, unreachable)).provider_id;
    await offerSent(requestId, fine);
    const res = await reportStatus(stack, sid, 'undelivered', { errorCode: '30003' });
    expect(res.status).toBe(204);

    const emailTo = (who: User) =>
      waitFor(
        `the early email to ${who.email}`,
        async () => {
          const [mail] = await stack.stores.devOutbox.list({ to: who.email, kind: 'email' });
          if (!mail) throw new Error('no email yet');
          return mail;
        },
        10_000,
      );
    expect((await emailTo(unreachable)).body).toMatch(/\/o\/[A-Za-z0-9_-]+/);
    await emailTo(failing);
    // The counselor whose SMS arrived waits for the email wave like everyone else.
    await waitFor(
      'the delivered receipt',
      async () => expect(await deliveryOf((await offerSent(requestId, fine)).provider_id)).toBe('delivered'),
      10_000,
    );
    expect(await stack.stores.devOutbox.list({ to: fine.email, kind: 'email' })).toHaveLength(0);

    const failed = await eventsOf(requestId, 'delivery-failed');
    expect(failed.map((e) => e.data).sort((x, y) => String(x.status).localeCompare(String(y.status)))).toEqual([
      { counselorId: failing.id, channel: 'sms', purpose: 'offer-r1-w1', status: 'failed', errorCode: '30006' },
      {
        counselorId: unreachable.id,
        channel: 'sms',
        purpose: 'offer-r1-w1',
        status: 'undelivered',
        errorCode: '30003',
      },
    ]);
    const cookie = await login(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
    const status = await (await fetch(`${stack.baseUrl}/api/requests/${requestId}`, { headers: { cookie } })).json();
    expect(status.deliveries).toEqual(
      expect.arrayContaining([
        {
          counselorId: unreachable.id,
          channel: 'sms',
          purpose: 'offer-r1-w1',
          status: 'sent',
          deliveryStatus: 'undelivered',
          error: 'Provider reported undelivered (error 30003)',
        },
        expect.objectContaining({ counselorId: unreachable.id, channel: 'email', status: 'sent' }),
      ]),
    );
  });

  it('refuses a receipt without a valid signature and changes nothing', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    await queueSinkFaults(stack, [{ to: counselor.phone as string, callbacks: [] }]);
    const requestId = await submit(ws);
    const sid = (await offerSent(requestId, counselor)).provider_id;
    expect((await reportStatus(stack, sid, 'undelivered', { signature: null })).status).toBe(403);
    expect((await reportStatus(stack, sid, 'undelivered', { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
    expect(await deliveryOf(sid)).toBeNull();
    expect(await eventsOf(requestId, 'delivery-failed')).toHaveLength(0);
  });
});
