// The Prometheus endpoints of the API and worker processes (METRICS_PORT), scraped after a real dispatch: the
// counters moved, the SDK's own worker metrics are there, and no label carries a request id or contact.
import { randomUUID } from 'node:crypto';
import { freePort } from '../../scripts/services';
import { killAllEntries, startApiEntry, startEntry } from '../helpers/processes';
import { scrape, valueOf, type Sample } from '../helpers/prometheus';
import { queueSinkFaults } from '../helpers/twilio';
import {
  acceptLinkIn,
  createCounselor,
  FAST_POLICY,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack({ worker: false });
let apiPort: number;
let apiMetricsPort: number;
let workerMetricsPort: number;

beforeAll(async () => {
  [apiPort, apiMetricsPort, workerMetricsPort] = [await freePort(), await freePort(), await freePort()];
  startEntry('workers/main.ts', { ...stack.env, METRICS_PORT: String(workerMetricsPort), METRICS_HOST: '127.0.0.1' });
  await startApiEntry({
    ...stack.env,
    PORT: String(apiPort),
    METRICS_PORT: String(apiMetricsPort),
    METRICS_HOST: '127.0.0.1',
  });
  await waitFor('the worker metrics endpoint', () => scrape(workerMetricsPort), 60_000);
});
afterAll(async () => {
  killAllEntries();
});

it('counts the request, the offers by outcome, a provider error and the accept, with ids only as labels', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: `metrics-${randomUUID().slice(0, 8)}`,
    name: 'Metrics team',
    dispatchPolicy: { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '60s' }] },
  });
  const [refusedOnce, other, stopped] = await Promise.all([
    createCounselor(stack.stores, ws),
    createCounselor(stack.stores, ws),
    createCounselor(stack.stores, ws),
  ]);
  // Texted STOP: matched, but skipped on SMS by every attempt of the wave, and counted as skipped once.
  await stack.stores.users.setSmsStopped(stopped.phone!, true);
  const before = {
    api: (await scrape(apiMetricsPort)).samples,
    worker: (await scrape(workerMetricsPort)).samples,
  };
  // The provider refuses the first SMS to one counselor (a 500): a provider error, then a retry that goes out.
  await queueSinkFaults(stack, [{ to: refusedOnce.phone as string, status: 500 }]);

  const submitted = await submitRequest(`http://127.0.0.1:${apiPort}`, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'metrics-requester@example.org',
    safety: 'no',
  });
  expect(submitted.status).toBe(201);
  const offers = await waitFor(
    'both offers at the sink',
    async () => {
      const sms = await smsTo(stack.stores, [refusedOnce.phone!, other.phone!]);
      if (sms.length < 2) throw new Error(`${sms.length} so far`);
      return sms;
    },
    60_000,
  );
  const won = await fetch(`${acceptLinkIn(offers[0].body)}/accept`, { method: 'POST', redirect: 'manual' });
  expect(won.status).toBeLessThan(400);

  const moved = (samples: Sample[], earlier: Sample[], name: string, labels: Record<string, string> = {}) =>
    valueOf(samples, name, labels) - valueOf(earlier, name, labels);
  const api = (await scrape(apiMetricsPort)).samples;
  expect(moved(api, before.api, 'dispatch_requests_received_total', { urgent: 'false' })).toBe(1);

  const worker = await waitFor(
    'the wave and the accept counted by the worker',
    async () => {
      // The wave's retried send is counted once the ledger has it, a moment after the sink does.
      const { samples } = await scrape(workerMetricsPort);
      if (
        moved(samples, before.worker, 'dispatch_time_to_first_accept_seconds_count', { by: 'counselor' }) < 1 ||
        moved(samples, before.worker, 'dispatch_offers_sent_total', { channel: 'sms', outcome: 'sent' }) < 2
      )
        throw new Error(
          `not yet: ${JSON.stringify(samples.filter((x) => x.name.startsWith('dispatch_') && x.value > 0 && !x.name.includes('bucket')))}`,
        );
      return samples;
    },
    60_000,
  );
  expect(moved(worker, before.worker, 'dispatch_offers_sent_total', { channel: 'sms', outcome: 'sent' })).toBe(2);
  expect(moved(worker, before.worker, 'dispatch_offers_sent_total', { channel: 'sms', outcome: 'retry' })).toBe(1);
  // The retried wave finds the other counselor's offer already sent, and does not send it again.
  expect(moved(worker, before.worker, 'dispatch_offers_sent_total', { channel: 'sms', outcome: 'already-sent' })).toBe(
    1,
  );
  expect(moved(worker, before.worker, 'dispatch_provider_errors_total', { channel: 'sms', kind: 'retryable' })).toBe(1);
  // The retried wave finds the stopped counselor again; the skip is still one offer not sent, counted once.
  expect(moved(worker, before.worker, 'dispatch_offers_sent_total', { channel: 'sms', outcome: 'skipped' })).toBe(1);
  expect(moved(worker, before.worker, 'dispatch_time_to_first_accept_seconds_count', { by: 'counselor' })).toBe(1);
  // The Temporal SDK's own worker metrics come through the same endpoint.
  expect(worker.some((s) => s.name.startsWith('temporal_'))).toBe(true);
  expect(worker.some((s) => s.name === 'dispatch_outbox_backlog')).toBe(true);

  // No label value is a request id, a person's id, a phone number or an email address.
  const { text: apiText } = await scrape(apiMetricsPort);
  const { text: workerText } = await scrape(workerMetricsPort);
  for (const text of [apiText, workerText]) {
    for (const secret of [
      submitted.body.id,
      refusedOnce.id,
      other.id,
      stopped.id,
      refusedOnce.phone,
      'metrics-requester',
    ]) {
      expect(text).not.toContain(String(secret));
    }
  }
});

it('reports the dispatch outbox backlog: a request Temporal has not taken yet', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: `backlog-${randomUUID().slice(0, 8)}`,
    name: 'Backlog team',
    dispatchPolicy: FAST_POLICY,
  });
  const before = valueOf((await scrape(workerMetricsPort)).samples, 'dispatch_outbox_backlog');
  // Stored for a task queue no worker polls: its outbox row stays waiting, as it would while Temporal is down.
  const id = randomUUID();
  await stack.stores.requests.create({
    id,
    workspaceId: ws.id,
    language: 'en',
    topic: 'general',
    livedExperience: [],
    safety: 'no',
    urgent: false,
    contact: { email: 'backlog@example.org' },
    workflowInput: { requestId: id, urgent: false, policy: FAST_POLICY },
    taskQueue: `nobody-${randomUUID()}`,
  });
  try {
    const { samples } = await scrape(workerMetricsPort);
    expect(valueOf(samples, 'dispatch_outbox_backlog')).toBeGreaterThanOrEqual(before + 1);
    expect(valueOf(samples, 'dispatch_outbox_oldest_seconds')).toBeGreaterThanOrEqual(0);
  } finally {
    await stack.stores.dispatchOutbox.markStarted(id);
  }
});

it('serves nothing but GET /metrics', async () => {
  expect((await fetch(`http://127.0.0.1:${apiMetricsPort}/`)).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`, { method: 'POST' })).status).toBe(404);
});
