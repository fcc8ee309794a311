// Percentiles and small summaries for the bench figures.

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

/** Linear interpolation between closest ranks (the usual "type 7"); null for no samples. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (sorted.length === 1) return sorted[0];
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p95: round1(percentile(sorted, 95)),
    p99: round1(percentile(sorted, 99)),
    mean: round1(sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null),
    max: round1(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

/** a / b rounded to two decimals, or null when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}
