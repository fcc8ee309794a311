// A notice is late, never lost: with the Temporal server stopped, a private message, a team-channel post and a
// taken shift swap are all stored (the person sees their action done), no notice goes out, and once Temporal is
// back the worker's notice outbox starts each notice exactly once. Before, each was only logged as "not started".
// A Temporal server of this test's own (stopping it leaves the suite alone) and a database of its own (the
// worker's notice outbox reads every workspace's rows).
import path from 'node:path';
import type { User, Workspace } from '../../db';
import { localDateTime, type IsoWeekday } from '../../domain/rota';
import { startTemporal, type TemporalService } from '../../scripts/services';
import { postForm, type Session } from '../helpers/forms';
import { createOwnTestDatabase } from '../helpers/test-db';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  startTestStack,
  waitFor,
  type TestStack,
} from '../helpers/stack';

const DAY = 86_400_000;
let temporal: TemporalService;
let port: number;
let stack: TestStack;
let own: { url: string; drop(): Promise<void> };
const dbFile = path.join(process.env.TEST_DIR as string, `notice-outbox-${process.pid}.db`);
const start = () => startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, port, dbFile });

beforeAll(async () => {
  temporal = await startTemporal({ cli: process.env.TEST_TEMPORAL_CLI as string, dbFile });
  port = temporal.port;
  own = await createOwnTestDatabase('notice_outbox');
  stack = await startTestStack({ temporalAddress: temporal.address, databaseUrl: own.url, workspaceJobs: true });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
  await own?.drop();
});

const url = (p: string) => `${stack.baseUrl}${p}`;
const toEmail = async (u: User, subject: RegExp) =>
  (await stack.stores.devOutbox.list({ to: u.email, kind: 'email' })).filter((m) => subject.test(m.subject ?? ''));
const toSms = async (u: User, body: RegExp) =>
  (await stack.stores.devOutbox.list({ to: u.phone!, kind: 'sms' })).filter((m) => body.test(m.body));

/** Three leads in rotation, handover three days ahead: the second lead's next shift can be offered and taken. */
async function leadsOnRota(ws: Workspace) {
  const leads = [
    await createStaff(stack.stores, ws, 'lead'),
    await createStaff(stack.stores, ws, 'lead'),
    await createStaff(stack.stores, ws, 'lead'),
  ];
  const zone = 'Europe/Tallinn';
  const now = Date.now();
  await stack.stores.rota.save(ws.id, {
    timeZone: zone,
    handoverWeekday: localDateTime(new Date(now + 3 * DAY), zone).weekday as IsoWeekday,
    handoverTime: '09:00',
    leadIds: leads.map((l) => l.id),
    startsOn: localDateTime(new Date(now - 21 * DAY), zone).date,
  });
  const shifts = await stack.stores.rota.upcoming(ws.id, 20);
  const byId = (id: string | null) => leads.find((l) => l.id === id)!;
  return { giver: byId(shifts[1].leadId), taker: byId(shifts[2].leadId), shift: shifts[1] };
}

it('stores a message, a post and a swap while Temporal is down, and sends each notice once when it returns', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws);
  const counselor = await createCounselor(stack.stores, ws);
  const { giver, taker, shift } = await leadsOnRota(ws);
  const sessions: Record<string, Session> = {};
  for (const [k, u] of Object.entries({ coordinator, giver, taker }))
    sessions[k] = await loginSession(stack.baseUrl, u.email);
  const offered = await postForm(url('/on-call/swaps'), sessions.giver, { startsAt: shift.startsAt.toISOString() });
  expect(offered.status).toBe(303);
  const [swap] = await stack.db('shift_swaps').where({ workspace_id: ws.id, status: 'open' });

  await temporal.stop();

  // Each action is done for the person who did it, while Temporal cannot be reached.
  expect(
    (await postForm(url('/messages'), sessions.coordinator, { counselorId: counselor.id, body: 'How are you?' }))
      .status,
  ).toBe(303);
  expect(
    (await postForm(url('/channel'), sessions.coordinator, { body: 'Supervision moves to Thursday' })).status,
  ).toBe(303);
  expect((await postForm(url(`/on-call/swaps/${swap.id}/take`), sessions.taker, {})).status).toBe(303);
  const [message] = await stack.db('messages').select('id', 'notice_started_at');
  const [post] = await stack.db('team_channel_posts').where({ workspace_id: ws.id }).select('id', 'notice_started_at');
  const taken = await stack.db('shift_swaps').where({ id: swap.id }).first('status', 'notice_started_at');
  expect([message.notice_started_at, post.notice_started_at, taken.status, taken.notice_started_at]).toEqual([
    null,
    null,
    'taken',
    null,
  ]);
  expect(await toSms(counselor, /new message/)).toHaveLength(0);

  temporal = await start();
  // The worker's notice outbox starts all three; each one's workflow sends through the send-once ledger.
  await waitFor(
    'every notice started and sent',
    async () => {
      const sent = {
        message: (await toSms(counselor, /new message/)).length,
        channel: (await toEmail(counselor, /team channel/)).length,
        swap: (await toEmail(coordinator, /On-call swap/)).length,
      };
      if (Object.values(sent).some((n) => n === 0)) throw new Error(JSON.stringify(sent));
    },
    120_000,
  );
  const started = await Promise.all([
    stack.db('messages').where({ id: message.id }).first('notice_started_at'),
    stack.db('team_channel_posts').where({ id: post.id }).first('notice_started_at'),
    stack.db('shift_swaps').where({ id: swap.id }).first('notice_started_at'),
  ]);
  expect(started.every((r) => r.notice_started_at instanceof Date)).toBe(true);

  // Nothing is left for a later pass to start again, and nobody is told twice.
  expect(await stack.stores.noticeOutbox.due(0, 50)).toEqual([]);
  expect(await toSms(counselor, /new message/)).toHaveLength(1);
  expect(await toEmail(counselor, /team channel/)).toHaveLength(1);
  expect(await toSms(counselor, /team channel/)).toHaveLength(1);
  expect(await toEmail(coordinator, /On-call swap/)).toHaveLength(1);
});
