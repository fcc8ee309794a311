// Postgres stops mid-request and comes back: the activities fail, Temporal retries them with backoff, and
// the request carries on to the right phase with every message sent exactly once and the timeline complete.
// A Postgres of this test's own, so stopping it does not disturb the rest of the suite.
import path from 'node:path';
import { createDb, migrateLatest } from '../../db';
import { freePort } from '../../scripts/services';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import {
  FAST_POLICY,
  createCounselor,
  smsTo,
  startTestStack,
  submitRequest,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let pgService: PostgresProcess;
let stack: TestStack;
let port: number;
const dataDir = path.join(process.env.TEST_DIR as string, `pg-restart-${process.pid}`);

beforeAll(async () => {
  port = await freePort();
  pgService = await startPostgresProcess(dataDir, port);
  const db = createDb(pgService.url);
  await migrateLatest(db);
  await db.destroy();
  stack = await startTestStack({ databaseUrl: pgService.url });
});
afterAll(async () => {
  await stack?.stop();
  await pgService?.stop();
});

it('finishes the waves after Postgres comes back, sending each message once', async () => {
  const ws = await stack.stores.workspaces.create({
    slug: 'pg-restart',
    name: 'Restart team',
    dispatchPolicy: {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '1s' },
        { channel: 'email', wait: '30s' },
      ],
    },
  });
  const counselors = await Promise.all(Array.from({ length: 5 }, () => createCounselor(stack.stores, ws)));
  const phones = counselors.map((c) => c.phone as string);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'requester@example.org',
    safety: 'no',
  });
  await waitFor('wave 1', async () => {
    if ((await smsTo(stack.stores, phones)).length < 5) throw new Error('not yet');
  });

  // Down while the wave-1 wait runs out: the email wave's activity fails until Postgres is back.
  await pgService.stop();
  await waitFor(
    'a failed activity attempt',
    async () => {
      const described = await stack.temporal.workflow.getHandle(`request-${body.id}`).describe();
      const pending = (described.raw.pendingActivities ?? []).find((a) => (a.attempt ?? 0) > 1);
      if (!pending) throw new Error('no retry yet');
    },
    30_000,
  );
  pgService = await startPostgresProcess(dataDir, port);

  const emails = await waitFor(
    'the email wave',
    async () => {
      const all = (
        await Promise.all(counselors.map((c) => stack.stores.devOutbox.list({ to: c.email, kind: 'email' })))
      ).flat();
      if (all.length < 5) throw new Error(`${all.length} of 5`);
      return all;
    },
    60_000,
  );
  expect(emails).toHaveLength(5);
  expect(await smsTo(stack.stores, phones)).toHaveLength(5);
  // The sink has the emails a moment before the worker records the wave (marks, then its event).
  const events = await waitFor(
    'the email wave recorded',
    async () => {
      const types = (await stack.stores.events.list(body.id)).map((e) => e.type);
      if (types.filter((t) => t === 'wave-sent').length < 2) throw new Error(types.join(', '));
      return types;
    },
    30_000,
  );
  expect(events).toEqual(['submitted', 'matched', 'wave-sent', 'wave-sent']);
  const [{ count }] = await stack.db('notifications').where({ request_id: body.id, status: 'sent' }).count();
  expect(Number(count)).toBe(10);
});
