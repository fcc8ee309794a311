// The retention purge on the real Temporal server: the Schedule the worker created is triggered, its workflow
// purges requester contact and free text of requests closed longer ago than the workspace keeps them, and
// the request rows, timelines, offers and notifications stay (statistics survive).
import { randomBytes } from 'node:crypto';
import type { Workspace } from '../../db';
import { retentionScheduleIdFor } from '../../workers/schedules';
import { getPage, postForm, type Session } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const QUICK = { ...FAST_POLICY, waves: [{ channel: 'sms' as const, wait: '1s' }], holdOpen: '1s' };

/** A request that reaches a counselor and then closes unmatched: it has offers, notifications and a timeline. */
async function closedRequest(ws: Workspace) {
  const contact = {
    email: `r-${randomBytes(4).toString('hex')}@example.org`,
    phone: `+1555${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, '0')}`,
    message: `free text ${randomBytes(4).toString('hex')}`,
  };
  const { requestId, handle } = await startStoredRequest(stack, ws, QUICK, { contact });
  expect((await handle.result()).phase).toBe('unmatched');
  return { requestId, contact };
}

/** Moves a request's closing back in time: what days of waiting would do. */
const closedDaysAgo = (requestId: string, days: number) =>
  stack
    .db('request_events')
    .where({ request_id: requestId, type: 'unmatched' })
    .update({
      at: new Date(Date.now() - days * 86_400_000),
    });

async function footprint(requestId: string) {
  return {
    request: await stack.stores.requests.getById(requestId),
    offers: (await stack.stores.offers.listForRequest(requestId)).length,
    notifications: (await stack.stores.notifications.listForRequest(requestId)).length,
    events: (await stack.stores.events.list(requestId)).map((e) => e.type),
  };
}

describe('retention purge', () => {
  let ws: Workspace;
  let coordinator: Session;
  beforeAll(async () => {
    ws = await createWorkspace(stack.stores, QUICK);
    await createCounselor(stack.stores, ws);
    coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
  });

  it('is a coordinator setting of 1 to 3650 days, 90 by default; anything else is refused and nothing saved', async () => {
    const page = await getPage(`${stack.baseUrl}/settings/retention`, coordinator);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/id="retentionDays"[^>]*value="90"/);
    for (const bad of ['0', '3651', '2.5', 'soon', '']) {
      const res = await postForm(`${stack.baseUrl}/settings/retention`, coordinator, { retentionDays: bad });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Nothing was saved');
    }
    expect(await stack.stores.retention.retentionDays(ws.id)).toBe(90);
    const counselor = await loginSession(stack.baseUrl, (await createCounselor(stack.stores, ws)).email);
    expect((await postForm(`${stack.baseUrl}/settings/retention`, counselor, { retentionDays: '1' })).status).toBe(403);
    expect(
      (await postForm(`${stack.baseUrl}/settings/retention`, coordinator, { retentionDays: '1' }, { csrf: false }))
        .status,
    ).toBe(403);
    const saved = await postForm(`${stack.baseUrl}/settings/retention`, coordinator, { retentionDays: '1' });
    expect(saved.status).toBe(303);
    expect(await stack.stores.retention.retentionDays(ws.id)).toBe(1);
  });

  it('runs from the Schedule the worker created: old requests lose contact and text, counts stay, recent ones are untouched', async () => {
    const schedule = stack.temporal.schedule.getHandle(retentionScheduleIdFor(stack.config.temporal.taskQueue));
    const described = await schedule.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionPurgeWorkflow' });
    expect(described.scheduleId).not.toMatch(/@|\+\d/);

    const old = await closedRequest(ws); // this workspace keeps 1 day (set above)
    const recent = await closedRequest(ws);
    const otherWs = await createWorkspace(stack.stores, QUICK); // keeps the default 90 days
    await createCounselor(stack.stores, otherWs);
    const otherOld = await closedRequest(otherWs);
    await closedDaysAgo(old.requestId, 2);
    await closedDaysAgo(recent.requestId, 0.5);
    await closedDaysAgo(otherOld.requestId, 30);
    const before = await footprint(old.requestId);
    expect(before.offers).toBeGreaterThan(0);
    expect(before.notifications).toBeGreaterThan(0);

    await schedule.trigger();
    await waitFor(
      'the purge',
      async () => {
        const row = await stack.db('help_requests').where({ id: old.requestId }).first();
        if (!row.purged_at) throw new Error('not purged yet');
      },
      20_000,
    );

    expect(await stack.stores.requests.getContact(old.requestId)).toEqual({});
    const raw = await stack.db('help_requests').where({ id: old.requestId }).first();
    for (const value of Object.values(old.contact)) expect(JSON.stringify(raw)).not.toContain(value);
    const after = await footprint(old.requestId);
    expect(after.request?.phase).toBe('unmatched');
    expect(after.offers).toBe(before.offers);
    expect(after.notifications).toBe(before.notifications);
    expect(after.events).toEqual([...before.events, 'purged']);

    expect(await stack.stores.requests.getContact(recent.requestId)).toEqual(recent.contact);
    expect(await stack.stores.requests.getContact(otherOld.requestId)).toEqual(otherOld.contact);
    for (const r of [recent, otherOld]) {
      expect((await stack.db('help_requests').where({ id: r.requestId }).first()).purged_at).toBeNull();
    }

    // The coordinator's timeline says what happened.
    const page = await getPage(`${stack.baseUrl}/requests/${old.requestId}`, coordinator);
    expect(await page.text()).toContain('Contact details and free text removed (kept 1 days after closing)');

    // Run again: nothing more to purge, no second timeline event.
    await schedule.trigger();
    await waitFor(
      'the second run',
      async () => {
        const { recentActions } = (await schedule.describe()).info;
        if (recentActions.length < 2) throw new Error(`${recentActions.length} runs`);
        const run = recentActions[recentActions.length - 1].action;
        const result = await stack.temporal.workflow.getHandle(run.workflow.workflowId).result();
        expect(result).toEqual({ purged: expect.any(Number) });
      },
      20_000,
    );
    expect((await footprint(old.requestId)).events.filter((t) => t === 'purged')).toHaveLength(1);
  });
});
