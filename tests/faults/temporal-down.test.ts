// Intake never loses a request: with the Temporal server stopped, a submission still succeeds, and the
// request is dispatched (from the outbox) once the server is back. A Temporal server of this test's own,
// on a persistent db file, so stopping it does not disturb the rest of the suite.
import { untilAfterWin } from '../helpers/aftercare';
import path from 'node:path';
import { startTemporal, type TemporalService } from '../../scripts/services';
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

let temporal: TemporalService;
let port: number;
let stack: TestStack;
const dbFile = path.join(process.env.TEST_DIR as string, `temporal-down-${process.pid}.db`);
const start = () => startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, port, dbFile });

beforeAll(async () => {
  temporal = await startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, dbFile });
  port = temporal.port;
  stack = await startTestStack({ temporalAddress: temporal.address });
});
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
});

it('accepts a request while Temporal is down and dispatches it when Temporal returns', async () => {
  const ws = await createWorkspace(stack.stores);
  const counselor = await createCounselor(stack.stores, ws, { languages: ['uk'] });
  await temporal.stop();

  const submitted = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'uk',
    topic: 'general',
    phone: '+380501234567',
    safety: 'no',
  });
  expect(submitted.status).toBe(201);
  expect(submitted.body.statusUrl).toMatch(/\/r\/[A-Za-z0-9_-]{22}$/);
  const pending = await stack.db('dispatch_outbox').where({ request_id: submitted.body.id }).first();
  expect(pending.started_at).toBeNull();
  expect(await smsTo(stack.stores, [counselor.phone as string])).toHaveLength(0);

  temporal = await start();
  const [offer] = await waitFor(
    'the deferred dispatch',
    async () => {
      const sms = await smsTo(stack.stores, [counselor.phone as string]);
      if (sms.length === 0) throw new Error('no SMS yet');
      return sms;
    },
    60_000,
  );
  expect(offer.body).toMatch(/Reply A\d+ to accept/);
  const row = await stack.db('dispatch_outbox').where({ request_id: submitted.body.id }).first();
  expect(row.started_at).not.toBeNull();
  expect(row.attempts).toBeGreaterThan(0);
  expect(await smsTo(stack.stores, [counselor.phone as string])).toHaveLength(1);
});

it('carries a request on after the Temporal server restarts mid-request, sending nothing twice', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: `temporal-restart-${Date.now()}`,
    name: 'Restart team',
    dispatchPolicy: {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '2s' },
        { channel: 'email', wait: '60s' },
      ],
    },
  });
  const counselors = await Promise.all([1, 2, 3].map(() => createCounselor(stack.stores, ws, { languages: ['et'] })));
  const phones = counselors.map((c) => c.phone as string);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'et',
    topic: 'general',
    email: 'restart@example.org',
    safety: 'no',
  });
  await waitFor('wave 1', async () => {
    if ((await smsTo(stack.stores, phones)).length < 3) throw new Error('not yet');
  });
  await temporal.stop();
  temporal = await start();

  // The wave-1 timer survives the restart (persistent db file) and the email wave follows.
  const emails = await waitFor(
    'the email wave after the restart',
    async () => {
      const all = (await Promise.all(counselors.map((c) => stack.stores.devOutbox.list({ to: c.email })))).flat();
      if (all.length < 3) throw new Error(`${all.length} of 3`);
      return all;
    },
    60_000,
  );
  expect(emails).toHaveLength(3);
  expect(await smsTo(stack.stores, phones)).toHaveLength(3);
  const link = /(https?:\/\/\S+\/o\/[A-Za-z0-9_-]+)/.exec(emails[0].body)![1];
  expect(await (await fetch(`${link}/accept`, { method: 'POST' })).text()).toContain('data-result="won"');
  // The win is done and the workflow goes on to scheduling the session.
  const status = await untilAfterWin(stack.temporal.workflow.getHandle(`request-${body.id}`));
  expect(status.phase).toBe('scheduling');
  const types = (await stack.stores.events.list(body.id)).map((e) => e.type);
  expect(types.slice(0, 5)).toEqual(['submitted', 'matched', 'wave-sent', 'wave-sent', 'accepted']);
});
