// The spread before and after: did switching the head start on (domain/spread.ts) share the accepts out more
// evenly? The same figures for the period before the switch and the one after it, per counselor and as one
// evenness figure each. Pure: the metrics store reads the records, the metrics page and its CSV print this.
import { parseDuration, type DispatchPolicy } from './policy';
import { spreadFigures } from './spread';

/** The audit log's action for a saved dispatch policy. */
export const POLICY_CHANGED = 'policy-changed';

/** Does a policy give a head start (a duration above zero)? */
export function headStartOn(policy: Pick<DispatchPolicy, 'headStart'>): boolean {
  return (policy.headStart ? (parseDuration(policy.headStart) ?? 0) : 0) > 0;
}

/** JSON with every object's keys sorted: a policy read back from jsonb has its keys in another order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** What the audit log keeps of a policy change: which fields changed, and the head start before and after. */
export function policyChangeDetail(
  was: DispatchPolicy,
  now: DispatchPolicy,
): { changed: string[]; headStartWasOn: boolean; headStartIsOn: boolean } {
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  const changed = keys.filter(
    (k) => canonical(was[k as keyof DispatchPolicy] ?? null) !== canonical(now[k as keyof DispatchPolicy] ?? null),
  );
  return { changed, headStartWasOn: headStartOn(was), headStartIsOn: headStartOn(now) };
}

/** One recorded change of the dispatch policy: was the head start on before it, and after it. */
export interface HeadStartChange {
  at: Date;
  wasOn: boolean;
  isOn: boolean;
}

/** A request's policy snapshot as it was submitted: did it run with a head start. */
export interface HeadStartSnapshot {
  at: Date;
  on: boolean;
}

export interface HeadStartPeriod {
  /** When the head start was (last) switched on. */
  on: Date;
  /** When it was switched off again after that; null: still on. */
  off: Date | null;
  /** Where the moment comes from: the audited policy change, or the first request that ran with it. */
  source: 'policy-change' | 'requests';
}

/**
 * The latest stretch with the head start on. The audited policy changes (oldest first) say exactly when; a
 * team that switched it on before changes were audited has only the requests' snapshots, and there the
 * stretch starts at the first request that ran with a head start after one that ran without. Null: it was
 * never switched on (or every request on record already ran with it, so there is no before).
 */
export function headStartPeriod(changes: HeadStartChange[], snapshots: HeadStartSnapshot[]): HeadStartPeriod | null {
  const lastOn = changes.reduce((found, c, i) => (!c.wasOn && c.isOn ? i : found), -1);
  if (lastOn >= 0) {
    const off = changes.slice(lastOn + 1).find((c) => !c.isOn);
    return { on: changes[lastOn].at, off: off?.at ?? null, source: 'policy-change' };
  }
  const lastRun = snapshots.reduce((found, s, i) => (i > 0 && s.on && !snapshots[i - 1].on ? i : found), -1);
  if (lastRun < 0) return null;
  const off = snapshots.slice(lastRun + 1).find((s) => !s.on);
  return { on: snapshots[lastRun].at, off: off?.at ?? null, source: 'requests' };
}

export interface SpreadWindow {
  from: Date;
  to: Date;
  /** Accepts in the window (a coordinator's assignment is not an accept: the head start cannot change it). */
  accepts: number;
  /** Counselors of the pool who had joined by the window's end. */
  counselors: number;
  /** Of them, how many took none. */
  idle: number;
  /** The share of the accepts taken by the busiest fifth of those counselors (at least one person). */
  topFifthShare: number;
  /** Gini coefficient over those counselors: 0 all took the same, towards 1 one took everything. */
  gini: number;
}

export interface SpreadComparisonRow {
  counselorId: string;
  name: string;
  before: number;
  after: number;
  /** Their share of the window's accepts (0 with none in the window). */
  beforeShare: number;
  afterShare: number;
}

export interface SpreadComparison {
  period: HeadStartPeriod;
  before: SpreadWindow;
  after: SpreadWindow;
  /** Everyone in either window, most accepts after first, then most before, then by name. */
  rows: SpreadComparisonRow[];
}

/**
 * Before: the `periodMs` up to the switch. After: from the switch to the first of now, the switch off, and
 * `periodMs` later. A counselor counts in a window once they had joined by its end; one who has left the pool
 * but accepted in a window counts there too (as `formerName`).
 */
export function compareSpread(input: {
  period: HeadStartPeriod;
  /** Each accept, at the submission of its request (the request's policy snapshot is taken then). */
  accepts: { counselorId: string; at: Date }[];
  pool: { id: string; name: string; joinedAt: Date }[];
  now: Date;
  periodMs: number;
  formerName?: string;
}): SpreadComparison {
  const { period, accepts, pool, now, periodMs } = input;
  const on = period.on.getTime();
  const end = Math.min(now.getTime(), period.off?.getTime() ?? Infinity, on + periodMs);
  const names = new Map(pool.map((c) => [c.id, c.name]));

  const windowOf = (from: number, to: number) => {
    const counts = new Map<string, number>(pool.filter((c) => c.joinedAt.getTime() < to).map((c) => [c.id, 0]));
    for (const a of accepts) {
      const t = a.at.getTime();
      if (t >= from && t < to) counts.set(a.counselorId, (counts.get(a.counselorId) ?? 0) + 1);
    }
    const figures = spreadFigures([...counts.values()]);
    const window: SpreadWindow = {
      from: new Date(from),
      to: new Date(Math.max(from, to)),
      accepts: figures.total,
      counselors: counts.size,
      idle: [...counts.values()].filter((n) => n === 0).length,
      topFifthShare: figures.topFifthShare,
      gini: figures.gini,
    };
    return { window, counts };
  };
  const before = windowOf(on - periodMs, on);
  const after = windowOf(on, end);

  const ids = new Set([...before.counts.keys(), ...after.counts.keys()]);
  const share = (n: number, total: number) => (total ? n / total : 0);
  const rows = [...ids]
    .map((id) => {
      const b = before.counts.get(id) ?? 0;
      const a = after.counts.get(id) ?? 0;
      return {
        counselorId: id,
        name: names.get(id) ?? input.formerName ?? 'former counselor',
        before: b,
        after: a,
        beforeShare: share(b, before.window.accepts),
        afterShare: share(a, after.window.accepts),
      };
    })
    .sort((x, y) => y.after - x.after || y.before - x.before || x.name.localeCompare(y.name));
  return { period, before: before.window, after: after.window, rows };
}
