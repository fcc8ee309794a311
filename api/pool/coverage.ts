// Coverage: for each language x specialism (and language x lived experience), how many counselors could take
// a request now: live, not away, not paused, under capacity. "Could take" is the pool status's own verdict
// (db/stores/matching-store.ts poolStatus), the same rules the match uses.
import type { MatchExplanation } from '../../db';
import { FORECAST_THIN_BELOW } from '../../domain/coverage-forecast';

/** Combinations with fewer than this many counselors are thin: one absence and nobody is left (the forecast's line). */
export const THIN_BELOW = FORECAST_THIN_BELOW;

export interface CoverageMatrix {
  rows: string[];
  columns: string[];
  /** counts[row][column] */
  counts: Record<string, Record<string, number>>;
}

export function coverageMatrix(
  pool: MatchExplanation[],
  rows: string[],
  columns: string[],
  columnOf: (c: MatchExplanation) => string[],
): CoverageMatrix {
  const available = pool.filter((c) => c.reasons.length === 0);
  const counts: CoverageMatrix['counts'] = {};
  for (const row of rows) {
    counts[row] = {};
    for (const column of columns) {
      counts[row][column] = available.filter((c) => c.languages.includes(row) && columnOf(c).includes(column)).length;
    }
  }
  return { rows, columns, counts };
}

/** The languages worth a row: every language the intake offers plus any a counselor of the pool speaks. */
export function coverageLanguages(pool: MatchExplanation[], offered: string[]): string[] {
  const extra = [...new Set(pool.flatMap((c) => c.languages))].filter((l) => !offered.includes(l)).sort();
  return [...offered, ...extra];
}
