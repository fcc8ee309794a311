// The 14-day coverage forecast on the real stack: a pool built in Postgres (a certification that lapses in
// 3 days, someone away for 6, a trainee one supervised session short), the /forecast page naming the gap that
// opens and who could close it, and the daily pool-health digest (the workflow on the real Temporal server)
// carrying the same gap as a line.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { dayLabel } from '../../domain/coverage-forecast';
import { addDays } from '../../domain/rota';
import { poolHealthWorkflow } from '../../workflows';
import { getPage, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinatorUser: User;
let coordinator: Session;
let clara: User;
let boris: User;
let anna: User;
const today = new Date().toISOString().slice(0, 10);
const ruGrief = { languages: ['ru'], specialisms: ['grief'] };

beforeAll(async () => {
  const s = stack.stores;
  ws = await createWorkspace(s);
  coordinatorUser = await createStaff(s, ws);
  coordinator = await loginSession(stack.baseUrl, coordinatorUser.email);
  await createCounselor(s, ws, ruGrief);
  clara = await createCounselor(s, ws, ruGrief);
  await s.pool.addCertification(ws.id, clara.id, { name: 'Safeguarding', expiresOn: addDays(today, 3) });
  boris = await createCounselor(s, ws, ruGrief);
  await s.pool.addAway(ws.id, boris.id, { fromOn: today, untilOn: addDays(today, 5) });
  anna = await createCounselor(s, ws, ruGrief);
  // One of her supervised sessions taken back: one short of going live.
  const [one] = await stack.db('supervised_signoffs').where({ counselor_id: anna.id }).limit(1).pluck('id');
  await stack.db('supervised_signoffs').where({ id: one }).delete();
  // Another team's counselor in the same language never counts here.
  await createCounselor(s, await createWorkspace(s), ruGrief);
});

const first = (u: User) => u.name.split(' ')[0];

it('shows the gap that opens when the certification lapses, and who could close it', async () => {
  const res = await getPage(`${stack.baseUrl}/forecast`, coordinator);
  expect(res.status).toBe(200);
  const page = (await res.text()).replace(/\s+/g, ' ');
  // Day by day for Russian x grief: 2 (the first counselor and Clara), 1 from the day after Clara's last valid
  // day, 2 again when Boris is back.
  const counts = [...page.slice(page.indexOf('id="by-day"')).matchAll(/<th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)]
    .filter((m) => m[1].includes('Russian') && m[1].includes('Grief'))
    .map((m) => [...m[2].matchAll(/data-count="(\d+)"/g)].map((x) => Number(x[1])));
  expect(counts).toEqual([[2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]]);

  const opening = page.slice(page.indexOf('id="opening"'), page.indexOf('id="thin-now"'));
  const at = opening.indexOf('data-language="ru" data-specialism="grief" data-lived=""');
  expect(at).toBeGreaterThan(-1);
  const card = opening.slice(at);
  expect(card).toContain(
    `Thin 2 days, ${dayLabel(addDays(today, 4))} to ${dayLabel(addDays(today, 5))}: as few as 1 counselor`,
  );
  expect(card).toContain(`${anna.name} needs one more supervised session to go live`);
  expect(card).toContain(
    `renew ${first(clara)}&#39;s Safeguarding certification (last valid day ${dayLabel(addDays(today, 3))})`,
  );
  expect(card).toContain(`${boris.name} is back on ${dayLabel(addDays(today, 6))}`);
  // Only this one opens: the team's other combinations are thin already today.
  expect(opening.match(/class="card"/g)).toHaveLength(1);
});

it('answers 403 to a counselor and sends a signed-out visitor to sign in', async () => {
  const counselor = await loginSession(stack.baseUrl, clara.email);
  expect((await getPage(`${stack.baseUrl}/forecast`, counselor)).status).toBe(403);
  const anonymous = await fetch(`${stack.baseUrl}/forecast`, { redirect: 'manual' });
  expect(anonymous.status).toBe(303);
});

it('puts the opening gap in the daily digest, with who could close it', async () => {
  const result = await stack.temporal.workflow.execute(poolHealthWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: `pool-health-forecast-${randomUUID()}`,
    args: [{ workspaceIds: [ws.id] }],
  });
  expect(result).toMatchObject({ workspaces: 1, failed: 0 });
  const [digest] = await stack.stores.devOutbox.list({ to: coordinatorUser.email, kind: 'email' });
  expect(digest.body).toContain(`Coverage gaps opening in the next 14 days (${stack.config.publicBaseUrl}/forecast):`);
  expect(digest.body).toContain(
    `- Russian · Grief: from ${dayLabel(addDays(today, 4))}, as few as 1. ${anna.name} needs one more supervised session to go live; renew ${first(clara)}'s Safeguarding certification`,
  );
  expect(digest.body).toContain(`${boris.name} is back on ${dayLabel(addDays(today, 6))}`);
});
