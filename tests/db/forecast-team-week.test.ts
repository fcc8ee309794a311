// The coverage forecast counts capacity's week in the team's time zone, as the match does: a team in Tokyo on
// Monday 05:00 (still Sunday in UTC) has started a new week, so Sunday's session no longer fills a weekly limit
// of one; a session after local midnight does. Counted from UTC's Monday, both would fill it.
import { randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { blockerOn, localToday } from '../../domain/coverage-forecast';
import { createCounselor, FAST_POLICY } from '../helpers/stack';
import { storeAssignedRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();
let ws: Workspace;
beforeAll(async () => {
  ws = await testDb.stores.workspaces.create({
    slug: `ws-tokyo-${randomUUID().slice(0, 8)}`,
    name: 'Tokyo team',
    dispatchPolicy: FAST_POLICY,
    timeZone: 'Asia/Tokyo',
  });
});

/** An assignment of a stored request to the counselor, made at `at` (what capacity counts). */
async function assignAt(counselor: User, at: string) {
  await storeAssignedRequest(testDb, ws.id, counselor.id, at);
}

// Monday 7 December 2026, 05:00 in Tokyo = Sunday 6 December, 20:00 UTC.
const NOW = new Date('2026-12-06T20:00:00Z');

it('does not count last week’s Sunday session on a Tokyo Monday morning, though UTC is still on Sunday', async () => {
  const sunday = await createCounselor(testDb.stores, ws, { capacityPerWeek: 1 });
  await assignAt(sunday, '2026-12-06T01:00:00Z'); // Sunday 6 December, 10:00 in Tokyo
  const monday = await createCounselor(testDb.stores, ws, { capacityPerWeek: 1 });
  await assignAt(monday, '2026-12-06T16:00:00Z'); // Monday 7 December, 01:00 in Tokyo

  const pool = await testDb.stores.forecast.counselors(ws.id, NOW);
  const of = (u: User) => pool.find((c) => c.id === u.id)!;
  expect(of(sunday).sessionsThisWeek).toBe(0);
  expect(of(monday).sessionsThisWeek).toBe(1);

  // Today (the team's Monday): the one with Sunday's session is free, the other full until next Monday.
  const today = localToday(NOW, 'Asia/Tokyo');
  expect(today).toBe('2026-12-07');
  expect(blockerOn(of(sunday), today, today)).toBeNull();
  expect(blockerOn(of(monday), today, today)).toMatchObject({
    kind: 'capacity',
    closer: { wording: 'capacity-full', used: 1, capacity: 1, day: '2026-12-14' },
  });

  // The match agrees (one expression for the team week).
  const reasons = await testDb.stores.matching.explainMatch({
    workspaceId: ws.id,
    language: 'en',
    topics: ['general'],
    livedExperience: [],
    at: NOW,
  });
  expect(reasons.find((e) => e.userId === sunday.id)!.reasons).toEqual([]);
  expect(reasons.find((e) => e.userId === monday.id)!.reasons).toEqual(['capacity 1/1 this week']);
});
