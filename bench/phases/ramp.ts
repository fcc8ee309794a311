// The stepped phases (throughput, mixed): the rates in turn until one fails, then two steps halving the gap
// between the last pass and the first failure, so the figure is known to within about a quarter of that gap.

/** Runs `step` at each rate; returns the highest rate that passed and whether every step passed. */
export async function ramp(
  rates: number[],
  step: (rate: number) => Promise<boolean>,
): Promise<{ best: number; capped: boolean }> {
  let best = 0;
  let failedAt: number | undefined;
  for (const rate of rates) {
    if (await step(rate)) best = rate;
    else {
      failedAt = rate;
      break;
    }
  }
  for (let i = 0; i < 2 && failedAt !== undefined && failedAt - best > Math.max(2, best * 0.1); i++) {
    const mid = Math.round((best + failedAt) / 2);
    if (await step(mid)) best = mid;
    else failedAt = mid;
  }
  return { best, capped: failedAt === undefined };
}
