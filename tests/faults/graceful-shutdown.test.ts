// SIGTERM drains: the API answers the requests in flight before it exits, and the worker finishes the
// activity it is running (the SMS is recorded as sent, not left in doubt) before it exits.
import http from 'node:http';
import { freePort } from '../../scripts/services';
import {
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { killAllEntries, startApiEntry, startEntry } from '../helpers/processes';
import { queueSinkFaults } from '../helpers/twilio';

const stack = useTestStack({ worker: false });

/** A POST whose `sent` settles once the whole request has been written to the server. */
function postAndWait(url: string): { sent: Promise<void>; answer: Promise<{ status: number; body: string }> } {
  let markSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('finish', () => markSent());
    req.end();
  });
  return { sent, answer };
}

afterAll(async () => {
  killAllEntries();
});

it('lets the API answer an accept in flight before it exits', async () => {
  const ws = await createWorkspace(stack.stores);
  const counselor = await createCounselor(stack.stores, ws);
  // No worker runs: the workflow exists but cannot answer, so the accept waits out its deadline.
  const { requestId } = await startStoredRequest(stack, ws, FAST_POLICY);
  const { token } = await stack.stores.offers.openWithToken({
    requestId,
    counselorId: counselor.id,
    wave: 1,
    channel: 'sms',
  });
  const port = await freePort();
  const api = await startApiEntry({ ...stack.env, PORT: String(port) });

  // The accept is fully sent (the server has it) before the SIGTERM goes.
  const { sent, answer } = postAndWait(`http://127.0.0.1:${port}/o/${token}/accept`);
  await sent;
  api.child.kill('SIGTERM');
  const res = await answer;
  // The API's own lines ride along, so a failure shows why it answered what it did.
  expect({ status: res.status, log: api.output() }).toMatchObject({ status: 202 });
  expect(res.body).toContain('We got your tap');
  expect(await api.exited()).toBe(0);
  expect(api.output()).toContain('api: shutting down');
});

it('lets the worker finish the send it is running before it exits', async () => {
  const ws = await createWorkspace(stack.stores, { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] });
  const counselor = await createCounselor(stack.stores, ws, { languages: ['et'] });
  await queueSinkFaults(stack, [{ to: counselor.phone as string, delayMs: 3000 }]);
  const worker = startEntry('workers/main.ts', stack.env);
  const { requestId } = await startStoredRequest(
    stack,
    ws,
    { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] },
    { language: 'et' },
  );
  await waitFor(
    'the SMS at the provider (its answer delayed)',
    async () => {
      if ((await stack.stores.devOutbox.list({ to: counselor.phone as string })).length === 0)
        throw new Error('not yet');
    },
    60_000,
  );
  worker.child.kill('SIGTERM');
  expect(await worker.exited()).toBe(0);
  const row = await stack.db('notifications').where({ request_id: requestId, user_id: counselor.id }).first();
  expect(row.status).toBe('sent');
  expect(worker.output()).toContain('worker: stopped');
});

it('closes the SMTP connections it keeps open when it stops, so a worker that sent email exits', async () => {
  const policy = { ...FAST_POLICY, waves: [{ channel: 'email' as const, wait: '60s' }] };
  const ws = await createWorkspace(stack.stores, policy);
  const counselor = await createCounselor(stack.stores, ws, { languages: ['lv'] });
  const worker = startEntry('workers/main.ts', stack.env);
  const { requestId } = await startStoredRequest(stack, ws, policy, { language: 'lv' });
  await waitFor(
    'the offer email recorded as sent',
    async () => {
      const row = await stack.db('notifications').where({ request_id: requestId, user_id: counselor.id }).first();
      if (row?.status !== 'sent') throw new Error(`not yet (${row?.status ?? 'none'})`);
    },
    60_000,
  );
  // The pooled connection to the SMTP server is still open here; left open, it would keep the process alive for
  // minutes after the drain.
  worker.child.kill('SIGTERM');
  expect(await worker.exitedWithin(30_000)).toBe(0);
  expect(worker.output()).toContain('worker: stopped');
});
