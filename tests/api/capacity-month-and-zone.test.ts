// Capacity per week and per month, counted in the team's time zone, on the real Postgres and over HTTP: a team in New
// York at Sunday 23:30 (already Monday 04:30 in UTC) still counts Monday's session in this week, and at the last
// evening of November (already 1 December in UTC) still counts November's sessions; a monthly limit holds a
// counselor with weekly room left, and the explanation says which limit holds them. The counselor sets the monthly
// limit on their availability page; a bad one is refused and nothing changes.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { getPage, postForm } from '../helpers/forms';
import { createCounselor, loginSession, useTestStack } from '../helpers/stack';
import { FAST_POLICY } from '../helpers/stack';
import { storeAssignedRequest } from '../helpers/stored-requests';

const stack = useTestStack({ worker: false });

const ZONE = 'America/New_York'; // UTC-5 in November
let ws: Workspace;

/** An assignment of a stored request to the counselor, made at `at` (what capacity counts). */
async function assignAt(counselor: User, at: string) {
  await storeAssignedRequest(stack, ws.id, counselor.id, at);
}

const criteriaAt = (at: string) => ({
  workspaceId: ws.id,
  language: 'en',
  topics: ['general'],
  livedExperience: [],
  at: new Date(at),
});

async function reasonsAt(at: string, counselor: User) {
  const all = await stack.stores.matching.explainMatch(criteriaAt(at));
  return all.find((e) => e.userId === counselor.id)!.reasons;
}

beforeAll(async () => {
  ws = await stack.stores.workspaces.create({
    slug: `ws-zone-${randomUUID().slice(0, 8)}`,
    name: 'New York team',
    dispatchPolicy: FAST_POLICY,
    timeZone: ZONE,
  });
});

describe('the week in the team’s time zone', () => {
  it('counts Monday’s session on Sunday 23:30 local, though UTC is already in the next week', async () => {
    const weekly = await createCounselor(stack.stores, ws, { capacityPerWeek: 1 });
    // Monday 23 November, 10:00 in New York.
    await assignAt(weekly, '2026-11-23T15:00:00Z');
    // Sunday 29 November 23:30 in New York = Monday 30 November 04:30 UTC.
    const sundayNight = '2026-11-30T04:30:00Z';
    expect(await reasonsAt(sundayNight, weekly)).toEqual(['capacity 1/1 this week']);
    expect(await stack.stores.matching.matchCounselors(criteriaAt(sundayNight))).not.toContain(weekly.id);
    // An hour later it is Monday in New York too: a new week, room again.
    const mondayMorning = '2026-11-30T05:30:00Z';
    expect(await reasonsAt(mondayMorning, weekly)).toEqual([]);
    expect(await stack.stores.matching.matchCounselors(criteriaAt(mondayMorning))).toContain(weekly.id);
  });
});

describe('the monthly limit beside the weekly one', () => {
  it('holds a counselor at their monthly limit with weekly room left, and says it is the month', async () => {
    const monthly = await createCounselor(stack.stores, ws, { capacityPerWeek: 3, capacityPerMonth: 2 });
    await assignAt(monthly, '2026-11-03T15:00:00Z'); // Tuesday 3 November, local
    await assignAt(monthly, '2026-11-24T15:00:00Z'); // Tuesday 24 November, local
    // Monday 30 November 23:30 in New York = 1 December 04:30 UTC: still November for the team.
    const lastEvening = '2026-12-01T04:30:00Z';
    expect(await reasonsAt(lastEvening, monthly)).toEqual(['capacity 2/2 this month']);
    expect(await stack.stores.matching.matchCounselors(criteriaAt(lastEvening))).not.toContain(monthly.id);
    // December in New York: a new month (and the weekly limit has room).
    const december = '2026-12-01T05:30:00Z';
    expect(await reasonsAt(december, monthly)).toEqual([]);

    // Both limits reached: both are said.
    const both = await createCounselor(stack.stores, ws, { capacityPerWeek: 1, capacityPerMonth: 1 });
    await assignAt(both, '2026-11-24T15:00:00Z');
    expect(await reasonsAt('2026-11-26T15:00:00Z', both)).toEqual([
      'capacity 1/1 this week',
      'capacity 1/1 this month',
    ]);
  });

  it('holds them now, in the live match, once the month’s sessions reach the limit', async () => {
    const c = await createCounselor(stack.stores, ws, { capacityPerMonth: 1 });
    const now = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect(await stack.stores.matching.matchCounselors(now)).toContain(c.id);
    await assignAt(c, new Date().toISOString());
    expect(await stack.stores.matching.matchCounselors(now)).not.toContain(c.id);
    const status = (await stack.stores.matching.poolStatus(ws.id)).find((s) => s.userId === c.id)!;
    expect(status.reasons).toEqual(['capacity 1/1 this month']);
  });
});

describe('the availability form', () => {
  it('lets a counselor set a monthly limit, refuses a bad one and changes nothing then', async () => {
    const c = await createCounselor(stack.stores, ws, { capacityPerWeek: 2 });
    const me = await loginSession(stack.baseUrl, c.email);
    const url = `${stack.baseUrl}/me/availability`;
    const page = await (await getPage(url, me)).text();
    expect(page).toContain('Sessions per month, at most');
    const fields = { capacity: '2', capacityMonth: '2', timeZone: ZONE, quietStart: '', quietEnd: '' };
    expect((await postForm(url, me, fields)).status).toBe(303);
    expect((await stack.stores.pool.getProfile(ws.id, c.id))?.capacityPerMonth).toBe(2);
    expect(await (await getPage(url, me)).text()).toContain('this week, 0/2 this month');

    const bad = await postForm(url, me, { ...fields, capacity: '1', capacityMonth: 'a couple' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Enter a whole number of sessions from 0 to 160');
    const after = await stack.stores.pool.getProfile(ws.id, c.id);
    expect([after?.capacityPerWeek, after?.capacityPerMonth]).toEqual([2, 2]);

    // Blank: no monthly limit.
    expect((await postForm(url, me, { ...fields, capacityMonth: '' })).status).toBe(303);
    expect((await stack.stores.pool.getProfile(ws.id, c.id))?.capacityPerMonth).toBeNull();
  });
});
