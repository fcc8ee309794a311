// Metrics on real data: requests sent through the real stack, one accepted by its SMS link, a session
// recorded on the timeline; the page and its CSV exports say what happened. Coordinators only.
import type { User, Workspace } from '../../db';
import { weekStart } from '../../api/metrics/metric-functions';
import { localDateTime } from '../../domain/rota';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { submitGriefRequest } from '../helpers/past-requests';

const stack = useTestStack();
let ws: Workspace;
let coordinator: User;
let lead: User;
let ann: User;
let bea: User;
let idle: User;
beforeAll(async () => {
  // The team lives in Tokyo (UTC+9): the hour-by-weekday figures are in its time, not UTC's.
  const made = await createWorkspace(stack.stores);
  ws = await stack.stores.workspaces.create({
    slug: `${made.slug}-tokyo`,
    name: made.name,
    dispatchPolicy: made.dispatchPolicy,
    timeZone: 'Asia/Tokyo',
  });
  coordinator = await createStaff(stack.stores, ws);
  lead = await createStaff(stack.stores, ws, 'lead');
  ann = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  bea = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  idle = await createCounselor(stack.stores, ws, { specialisms: ['trauma'] });
});

const csvOf = async (cookie: string, chart: string) => {
  const res = await fetch(`${stack.baseUrl}/metrics.csv?chart=${chart}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  return (await res.text()).trim().split('\r\n');
};

it('shows time to first accept and to session, offers by wave, breadth and spread from what happened', async () => {
  const send = () => submitGriefRequest(stack, ws);
  const taken = await send();
  const open = await send();
  // Both grief counselors get both offers by SMS; Ann accepts the first request from her SMS link.
  const annSms = await waitFor(
    'both offer SMS to Ann',
    async () => {
      const all = await smsTo(stack.stores, [ann.phone as string]);
      if (all.length < 2) throw new Error(`${all.length} so far`);
      return all;
    },
    20_000,
  );
  await waitFor(
    'both offer SMS to Bea',
    async () => {
      if ((await smsTo(stack.stores, [bea.phone as string])).length < 2) throw new Error('not yet');
    },
    20_000,
  );
  const offerForTaken = await stack.stores.offers.getFor(taken, ann.id);
  const links = annSms.map((m) => acceptLinkIn(m.body));
  const accepted = await Promise.all(
    links.map(async (link) => {
      const token = link.split('/o/')[1];
      const offer = await stack.stores.offers.getByToken(token);
      return offer?.id === offerForTaken?.id ? fetch(`${link}/accept`, { method: 'POST' }) : null;
    }),
  );
  expect(accepted.filter(Boolean).map((r) => r!.status)).toEqual([200]);
  await waitFor(
    'the assignment',
    async () => {
      if ((await stack.stores.requests.getById(taken))?.phase !== 'assigned') throw new Error('not yet');
    },
    20_000,
  );
  // After-care records the agreed session on the timeline; here it is agreed for two hours after the request.
  const request = (await stack.stores.requests.getById(taken))!;
  const startsAt = new Date(request.createdAt.getTime() + 2 * 3_600_000).toISOString();
  await stack.stores.events.add(taken, 'session-scheduled', { startsAt });

  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const week = weekStart(request.createdAt).toISOString().slice(0, 10);

  const accept = await csvOf(cookie, 'time-to-accept');
  expect(accept[0]).toBe('Week starting,Requests,Median (hours),90th percentile (hours)');
  expect(accept).toHaveLength(13); // 12 weeks by default
  const [, count, median] = accept[accept.length - 1].split(',');
  expect(accept[accept.length - 1].startsWith(week)).toBe(true);
  expect(count).toBe('1');
  expect(Number(median)).toBeLessThan(1); // accepted within seconds: well under an hour

  const session = await csvOf(cookie, 'time-to-session');
  expect(session[session.length - 1]).toBe(`${week},1,2,2`);

  const offers = await csvOf(cookie, 'offers');
  // Two requests, each sent to both grief counselors by SMS in wave 1; one accepted during it.
  expect(offers).toEqual(['Wave,Channel,Sent,Accepted,Accepted (%)', '1,SMS,4,1,25']);

  const breadth = await csvOf(cookie, 'breadth');
  expect(breadth[breadth.length - 1]).toBe(`${week},1,1`);

  const spread = await csvOf(cookie, 'spread');
  expect(spread[0]).toBe('Counselor,Requests taken');
  expect(spread[1]).toBe(`${ann.name},1`);
  expect(spread.slice(2).sort()).toEqual([`${bea.name},0`, `${idle.name},0`].sort());

  // By hour and weekday in the team's time zone: both requests in their Tokyo hour, one taken.
  const local = localDateTime(request.createdAt, 'Asia/Tokyo');
  const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const hoursCsv = await csvOf(cookie, 'hours-accept');
  expect(hoursCsv[0]).toBe('Weekday,Hour,Requests,Reached,Median (hours)');
  const cells = hoursCsv.slice(1).map((l) => l.split(','));
  expect(cells.reduce((n, c) => n + Number(c[2]), 0)).toBe(2);
  expect(cells.reduce((n, c) => n + Number(c[3]), 0)).toBe(1);
  const takenCell = cells.find((c) => c[3] === '1')!;
  expect(takenCell.slice(0, 2)).toEqual([WEEKDAYS[local.weekday - 1], `${local.time.slice(0, 2)}:00`]);
  const sessionCsv = await csvOf(cookie, 'hours-session');
  expect(sessionCsv.slice(1).find((l) => l.endsWith(',1,2'))).toBe(
    `${WEEKDAYS[local.weekday - 1]},${local.time.slice(0, 2)}:00,${takenCell[2]},1,2`,
  );
  // By kind: en × grief, 2 requests, 1 taken (too few to name it among the slowest).
  const kinds = await csvOf(cookie, 'kinds');
  expect(kinds[0]).toBe('Language,Topic,Lived experience,Requests,Taken,Median (hours),90th percentile (hours)');
  expect(kinds.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual([['en', 'grief', 'none', '2', '1']]);

  const page = await fetch(`${stack.baseUrl}/metrics`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('No combination has enough requests yet to name the slowest.');
  expect(html).toContain('<table class="heatmap">');
  for (const id of ['time-to-accept', 'time-to-session', 'offers', 'breadth', 'spread', 'hours-accept', 'kinds']) {
    expect(html).toContain(`id="chart-${id}"`);
    expect(html).toContain(`href="/metrics.csv?chart=${id}&amp;weeks=12"`);
  }
  expect(html).toContain('<svg');
  expect(html).toContain(
    'The busiest fifth of the pool took 100% of the 1 requests taken; 2 of 3 counselors took none.',
  );
  expect(open).not.toBe(taken);
});

it('is for coordinators only, and says which charts and periods exist', async () => {
  const l = await loginSession(stack.baseUrl, lead.email);
  expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { cookie: l.cookie } })).status).toBe(403);
  expect((await fetch(`${stack.baseUrl}/metrics.csv?chart=offers`, { headers: { cookie: l.cookie } })).status).toBe(
    403,
  );
  const anon = await fetch(`${stack.baseUrl}/metrics`, { redirect: 'manual' });
  expect(anon.status).toBe(303);
  const c = await loginSession(stack.baseUrl, coordinator.email);
  const bad = await fetch(`${stack.baseUrl}/metrics.csv?chart=everything`, {
    headers: { cookie: c.cookie, accept: 'application/json' },
  });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain(
    'chart must be one of: time-to-accept, time-to-session, offers, breadth, spread, hours-accept, hours-session, kinds',
  );
  const weeks = await fetch(`${stack.baseUrl}/metrics?weeks=0`, { headers: { cookie: c.cookie } });
  expect(weeks.status).toBe(400);
  const four = await csvOf(c.cookie, 'breadth&weeks=4');
  expect(four).toHaveLength(5);
});
