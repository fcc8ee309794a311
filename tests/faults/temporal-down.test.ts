// Intake never loses a request: with the Temporal server stopped, a submission still succeeds, and the
// request is dispatched (from the outbox) once the server is back. A Temporal server of this test's own,
// on a persistent db file, so stopping it does not disturb the rest of the suite.
import path from 'node:path';
import { freePort, startTemporal, type TemporalService } from '../../scripts/services';
import {
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
  port = await freePort();
  temporal = await start();
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
