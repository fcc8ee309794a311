// Pool health on a seeded history in Postgres (no accepts for 15 days: flagged; 13: not), shown on /pool on
// demand, and the daily schedule on the real Temporal server: created idempotently, triggered, the health
// workflow runs on the worker and the digest reaches the SMTP sink once per coordinator and day.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { poolHealth } from '../../db';
import { createEngine } from '../../engine';
import { ensurePoolHealthSchedule } from '../../workers/schedules';
import { flagText } from '../../notifications/catalogue';
import { getPage } from '../helpers/forms';
import { storeAssignedRequest } from '../helpers/stored-requests';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  startTestStack,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let stack: TestStack;
let ws: Workspace;
let coordinator: User;
let quiet15: User;
let quiet13: User;
const scheduleId = `pool-health-test-${randomUUID()}`;
const DAY = 86_400_000;

/** An accepted session `days` ago (the assignment back-dated as if it had happened then). */
async function acceptedDaysAgo(counselor: User, days: number) {
  await storeAssignedRequest(stack, ws.id, counselor.id, new Date(Date.now() - days * DAY));
}

beforeAll(async () => {
  stack = await startTestStack();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  quiet15 = await createCounselor(stack.stores, ws);
  quiet13 = await createCounselor(stack.stores, ws);
  await stack
    .db('users')
    .whereIn('id', [quiet15.id, quiet13.id])
    .update({ created_at: new Date(Date.now() - 90 * DAY) });
  await acceptedDaysAgo(quiet15, 15);
  await acceptedDaysAgo(quiet13, 13);
});
afterAll(async () => {
  await stack?.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await stack?.stop();
});

it('flags the counselor with no accepts for 15 days and not the one at 13, on demand on /pool', async () => {
  const health = poolHealth(await stack.stores.health.histories(ws.id, new Date()), new Date());
  expect(health.flags.get(quiet15.id)!.map((f) => flagText(f, 'en'))).toEqual(['gone quiet: no accepts for 15 days']);
  expect(health.flags.get(quiet13.id)).toEqual([]);
  expect(health.figures.activeBreadth).toEqual({ active: 2, total: 2 });

  const session = await loginSession(stack.baseUrl, coordinator.email);
  const pageHtml = (await (await getPage(`${stack.baseUrl}/pool`, session)).text()).replace(/\s+/g, ' ');
  const card = (u: User) =>
    new RegExp(`data-counselor="${u.id}">(.*?)</li> ?(<li class="card"|</ul>)`).exec(pageHtml)![1];
  expect(card(quiet15)).toContain('gone quiet: no accepts for 15 days');
  expect(card(quiet13)).not.toContain('gone quiet');
  expect(pageHtml).toContain('2 of 2 counselors took a session in the last 30 days');
});

it('runs the health workflow from the schedule and emails the digest once per coordinator and day', async () => {
  const opts = { taskQueue: stack.config.temporal.taskQueue, scheduleId, input: { workspaceIds: [ws.id] } };
  const engine = createEngine(stack.temporal, opts.taskQueue);
  expect(await ensurePoolHealthSchedule(engine, opts)).toBe('created');
  // A second worker starting makes no second schedule.
  expect(await ensurePoolHealthSchedule(engine, opts)).toBe('exists');

  const schedule = stack.temporal.schedule.getHandle(scheduleId);
  const runNumber = async (n: number) => {
    await schedule.trigger();
    const action = await waitFor(
      `scheduled run ${n}`,
      async () => {
        const { info } = await schedule.describe();
        if (info.recentActions.length < n) throw new Error(`${info.recentActions.length} runs so far`);
        return info.recentActions[n - 1].action;
      },
      20_000,
    );
    return stack.temporal.workflow.getHandle(action.workflow.workflowId).result();
  };

  expect(await runNumber(1)).toEqual({ workspaces: 1, flagged: 1, failed: 0 });
  const digests = await stack.stores.devOutbox.list({ to: coordinator.email, kind: 'email' });
  expect(digests).toHaveLength(1);
  expect(digests[0].subject).toMatch(/^Pool health \d{4}-\d{2}-\d{2}: 1 flagged$/);
  expect(digests[0].body).toContain(`${quiet15.name}: gone quiet: no accepts for 15 days`);
  expect(digests[0].body).not.toContain(quiet13.name);

  // The same day again: the send-once ledger lets no second digest out.
  expect(await runNumber(2)).toEqual({ workspaces: 1, flagged: 1, failed: 0 });
  expect(await stack.stores.devOutbox.list({ to: coordinator.email, kind: 'email' })).toHaveLength(1);
});
