// Time-to-help metrics as pure functions of plain records (the metrics store reads them): easy to test on
// seeded data, and the page, the charts and the CSV export all use the same numbers.

import { addDays, instantFromLocal, localDateTime } from '../../domain/rota';

/**
 * The instant of Monday 00:00, in the team's time zone, that starts the week of this moment. A team in Tokyo
 * sees its Monday morning in this week, not in last week (as counting in UTC would put it); a week across a
 * clock change is 167 or 169 hours long.
 */
export function weekStart(at: Date, timeZone = 'UTC'): Date {
  const { date, weekday } = localDateTime(at, timeZone);
  return instantFromLocal(addDays(date, 1 - weekday), '00:00', timeZone);
}

/** The starts of the last `count` weeks up to and including the week of `now`, oldest first (team's zone). */
export function lastWeeks(now: Date, count: number, timeZone = 'UTC'): Date[] {
  const { date, weekday } = localDateTime(now, timeZone);
  const monday = addDays(date, 1 - weekday);
  return Array.from({ length: count }, (_, i) =>
    instantFromLocal(addDays(monday, -7 * (count - 1 - i)), '00:00', timeZone),
  );
}

/** The p-th percentile (0..100) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface DurationWeek {
  week: Date;
  /** How many requests reached the step in this week's requests. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * For each week (by when the request was submitted): median and 90th percentile of how long it took from
 * submitted to `doneAt` (first accept, or the session). Requests that never got there are left out.
 */
export function durationByWeek(
  records: { submittedAt: Date; doneAt: Date | null }[],
  weeks: Date[],
  timeZone = 'UTC',
): DurationWeek[] {
  const byWeek = new Map<number, number[]>(weeks.map((w) => [w.getTime(), []]));
  for (const r of records) {
    if (!r.doneAt) continue;
    byWeek
      .get(weekStart(r.submittedAt, timeZone).getTime())
      ?.push(Math.max(0, r.doneAt.getTime() - r.submittedAt.getTime()));
  }
  return weeks.map((week) => {
    const values = byWeek.get(week.getTime()) ?? [];
    return { week, count: values.length, medianMs: percentile(values, 50), p90Ms: percentile(values, 90) };
  });
}

export interface WaveChannelOffers {
  wave: number;
  channel: string;
  sent: number;
  accepted: number;
  /** accepted / sent, 0 when nothing was sent. */
  rate: number;
}

/**
 * Offers sent and accepted for each wave and channel, in wave order. Sent: what each `wave-sent` timeline
 * event counted. Accepted: a counselor's accept counts for the wave that was the request's latest when it
 * came (the wave that got the answer; a coordinator's assignment is not an accept).
 */
export function offersByWaveAndChannel(
  sends: { requestId: string; eventId: number; wave: number; channel: string; sent: number }[],
  accepts: { requestId: string; eventId: number }[],
): WaveChannelOffers[] {
  const groups = new Map<string, WaveChannelOffers>();
  const group = (wave: number, channel: string) => {
    const key = `${wave}|${channel}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { wave, channel, sent: 0, accepted: 0, rate: 0 }));
    return g;
  };
  const byRequest = new Map<string, typeof sends>();
  for (const s of sends) {
    group(s.wave, s.channel).sent += s.sent;
    byRequest.set(s.requestId, [...(byRequest.get(s.requestId) ?? []), s]);
  }
  for (const a of accepts) {
    const before = (byRequest.get(a.requestId) ?? []).filter((s) => s.eventId < a.eventId);
    const latest = before.sort((x, y) => y.eventId - x.eventId)[0];
    if (latest) group(latest.wave, latest.channel).accepted++;
  }
  return [...groups.values()]
    .map((g) => ({ ...g, rate: g.sent ? g.accepted / g.sent : 0 }))
    .sort((a, b) => a.wave - b.wave || a.channel.localeCompare(b.channel));
}

export interface BreadthWeek {
  week: Date;
  /** Distinct counselors who took at least one request that week. */
  active: number;
  /** Requests taken that week. */
  taken: number;
}

/** Active breadth: how many different counselors carried the week's work (by when they took it). */
export function activeBreadthByWeek(
  takes: { counselorId: string; at: Date }[],
  weeks: Date[],
  timeZone = 'UTC',
): BreadthWeek[] {
  const byWeek = new Map<number, { people: Set<string>; taken: number }>(
    weeks.map((w) => [w.getTime(), { people: new Set(), taken: 0 }]),
  );
  for (const t of takes) {
    const slot = byWeek.get(weekStart(t.at, timeZone).getTime());
    if (!slot) continue;
    slot.people.add(t.counselorId);
    slot.taken++;
  }
  return weeks.map((week) => {
    const slot = byWeek.get(week.getTime())!;
    return { week, active: slot.people.size, taken: slot.taken };
  });
}

export interface Spread {
  /** Every counselor of the pool with how many requests they took, most first (ties by name). */
  perCounselor: { counselorId: string; name: string; taken: number }[];
  total: number;
  /** The share of all requests taken by the busiest fifth of the pool (at least one person); 0 with none taken. */
  topFifthShare: number;
  /** Counselors who took none in the period. */
  idle: number;
}

/** How evenly sessions are spread across the pool: a few people carrying everything is a burnout risk. */
export function spreadAcrossCounselors(takes: { counselorId: string }[], pool: { id: string; name: string }[]): Spread {
  const counts = new Map<string, number>(pool.map((c) => [c.id, 0]));
  for (const t of takes) counts.set(t.counselorId, (counts.get(t.counselorId) ?? 0) + 1);
  const names = new Map(pool.map((c) => [c.id, c.name]));
  const perCounselor = [...counts]
    .map(([counselorId, taken]) => ({ counselorId, name: names.get(counselorId) ?? 'former counselor', taken }))
    .sort((a, b) => b.taken - a.taken || a.name.localeCompare(b.name));
  const total = perCounselor.reduce((n, c) => n + c.taken, 0);
  const top = Math.max(1, Math.ceil(perCounselor.length / 5));
  const topTaken = perCounselor.slice(0, top).reduce((n, c) => n + c.taken, 0);
  return {
    perCounselor,
    total,
    topFifthShare: total ? topTaken / total : 0,
    idle: perCounselor.filter((c) => c.taken === 0).length,
  };
}

/** One CSV document: the project's one writer (domain/csv.ts). */
export { toCsv } from '../../domain/csv';
