// Spread the work: which counselors are below their usual load (they get a head start on an offer wave) and
// which are overcommitting (held to a later wave). The same rule serves dispatch, the what-if and the metrics;
// its thresholds are pool health's (domain/pool-health.ts), so the /pool flags and dispatch agree.
import { gini, GONE_QUIET_DAYS } from './pool-health';
import type { LoadGroup } from './what-if';

export type { LoadGroup } from './what-if';

const DAY = 86_400_000;

export interface LoadFacts {
  /** Sessions (assignments) they took in the 7 days before now. */
  lastWeek: number;
  /** Their usual sessions per week (pool health's usualPerWeek: the 8 weeks before the last 7 days). */
  usualPerWeek: number;
  /** Their last accept (not a coordinator's assignment) before now; null: never. */
  lastAcceptAt: Date | null;
  /** When they joined (a newcomer who has never accepted is "gone quiet" only after the same days). */
  joinedAt: Date;
}

/**
 * below: gone quiet (no accept for GONE_QUIET_DAYS), or fewer than half their usual sessions in the last week;
 * over: more than twice their usual in the last week (pool health's overcommitting); usual otherwise.
 */
export function loadGroup(f: LoadFacts, now: Date): LoadGroup {
  const since = (f.lastAcceptAt ?? f.joinedAt).getTime();
  if (f.usualPerWeek >= 1 && f.lastWeek > 2 * f.usualPerWeek) return 'over';
  if (now.getTime() - since >= GONE_QUIET_DAYS * DAY) return 'below';
  if (f.usualPerWeek >= 1 && f.lastWeek < f.usualPerWeek / 2) return 'below';
  return 'usual';
}

/** How unevenly accepts fall on counselors: the Gini coefficient and the busiest fifth's share. */
export function spreadFigures(perCounselor: number[]): { gini: number; topFifthShare: number; total: number } {
  const total = perCounselor.reduce((a, b) => a + b, 0);
  const sorted = [...perCounselor].sort((a, b) => b - a);
  const top = Math.max(1, Math.ceil(sorted.length / 5));
  return {
    gini: gini(perCounselor),
    topFifthShare: total ? sorted.slice(0, top).reduce((a, b) => a + b, 0) / total : 0,
    total,
  };
}
