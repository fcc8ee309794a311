// Time to help by hour and by kind: when in the team's week, and for which requests, help is slow. Pure: the
// metrics page, its heat map table and its CSV all print these numbers.
import { localDateTime, type IsoWeekday } from './rota';
import { percentileOf } from './what-if';

/** A combination needs at least this many requests to be named among the slowest: one request is not a trend. */
export const MIN_REQUESTS_FOR_TREND = 3;

export interface TimedRequest {
  submittedAt: Date;
  /** When it got there (first accept, or the session); null: never. */
  doneAt: Date | null;
  language: string;
  topic: string;
  livedExperience: string[];
}

export interface Cell {
  /** Requests submitted in this hour of this weekday (team time). */
  requests: number;
  /** Of them, how many got there. */
  reached: number;
  medianMs: number | null;
}

/** 7 rows (Monday first) × 24 hours, in the team's time zone. */
export function byHourAndWeekday(records: TimedRequest[], timeZone: string): Cell[][] {
  const values: number[][][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => []));
  const counts: number[][] = Array.from({ length: 7 }, () => Array(24).fill(0));
  for (const r of records) {
    const { time, weekday } = localDateTime(r.submittedAt, timeZone);
    const d = (weekday as IsoWeekday) - 1;
    const h = Number(time.slice(0, 2));
    counts[d][h]++;
    if (r.doneAt) values[d][h].push(Math.max(0, r.doneAt.getTime() - r.submittedAt.getTime()));
  }
  return values.map((row, d) =>
    row.map((v, h) => ({ requests: counts[d][h], reached: v.length, medianMs: percentileOf(v, 50) })),
  );
}

export const KIND_DIMENSIONS = ['language', 'topic', 'livedExperience'] as const;
export type KindDimension = (typeof KIND_DIMENSIONS)[number];

export interface KindRow {
  language: string;
  topic: string;
  /** The lived-experience words asked for, sorted and joined; "" for none. */
  livedExperience: string;
  requests: number;
  reached: number;
  medianMs: number | null;
  p90Ms: number | null;
}

const livedKey = (tags: string[]) => [...tags].sort().join(', ');

/**
 * Per language × topic × lived experience: how many requests and how long they took. Sorted slowest first
 * (by median; a combination where some never got there counts those as slower than any that did).
 */
export function byKind(records: TimedRequest[]): KindRow[] {
  const groups = new Map<string, { row: KindRow; values: number[] }>();
  for (const r of records) {
    const lived = livedKey(r.livedExperience);
    const key = JSON.stringify([r.language, r.topic, lived]);
    let g = groups.get(key);
    if (!g) {
      g = {
        row: {
          language: r.language,
          topic: r.topic,
          livedExperience: lived,
          requests: 0,
          reached: 0,
          medianMs: null,
          p90Ms: null,
        },
        values: [],
      };
      groups.set(key, g);
    }
    g.row.requests++;
    if (r.doneAt) g.values.push(Math.max(0, r.doneAt.getTime() - r.submittedAt.getTime()));
  }
  return [...groups.values()]
    .map(({ row, values }) => ({
      ...row,
      reached: values.length,
      medianMs: percentileOf(values, 50),
      p90Ms: percentileOf(values, 90),
    }))
    .sort(slowestFirst);
}

/** Slowest first: fewer of them reached (as a share) first, then the longer median; ties by name. */
function slowestFirst(a: KindRow, b: KindRow): number {
  const missA = 1 - a.reached / a.requests;
  const missB = 1 - b.reached / b.requests;
  if (missA !== missB) return missB - missA;
  const ma = a.medianMs ?? Infinity;
  const mb = b.medianMs ?? Infinity;
  if (ma !== mb) return mb - ma;
  return `${a.language}|${a.topic}|${a.livedExperience}`.localeCompare(`${b.language}|${b.topic}|${b.livedExperience}`);
}

/** The slowest combinations with enough requests to be a trend (at most `limit`). */
export function slowestKinds(rows: KindRow[], limit = 3, minRequests = MIN_REQUESTS_FOR_TREND): KindRow[] {
  return rows.filter((r) => r.requests >= minRequests).slice(0, limit);
}

/**
 * The heat map's colour step for a median against the time-to-help target: 0 well within (under half), 1 within,
 * 2 up to twice the target, 3 beyond; null: no request reached it in that hour.
 */
export function heatLevel(medianMs: number | null, targetMs: number): 0 | 1 | 2 | 3 | null {
  if (medianMs === null) return null;
  if (medianMs <= targetMs / 2) return 0;
  if (medianMs <= targetMs) return 1;
  if (medianMs <= 2 * targetMs) return 2;
  return 3;
}
