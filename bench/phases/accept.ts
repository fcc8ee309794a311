// The accept race: per round one request, all its wave-1 SMS in, then several counselors tap their links at once.
import { quiesce, waitForQuietMachine } from '../common';
import { request } from '../http';
import { rng, type RequestTemplate } from '../seed';
import { summarize, type Summary } from '../stats';
import { submit, waitComplete, type Target } from '../target';
import type { TwilioSink } from '../twilio-sink';
import { measured } from './latency';

export interface AcceptReport {
  rounds: number;
  accepters: number;
  /** Every POST accept → answer, winners and losers. */
  allMs: Summary;
  wonMs: Summary;
  takenMs: Summary;
  outcomes: Record<string, number>;
  /** Rounds where the number of winners was not exactly one (should stay 0). */
  badRounds: number;
  skippedRounds: number;
  cpuSeconds?: Record<string, number>;
  wallSeconds?: number;
}

/** Per round: one request, all its wave-1 SMS in, then `accepters` counselors tap their links at once. */
export async function acceptPhase(
  target: Target,
  sink: TwilioSink,
  roles: Map<number, string>,
  rounds: number,
  accepters: number,
  next: (min: number) => RequestTemplate,
  seed: number,
): Promise<AcceptReport> {
  await quiesce(sink);
  await waitForQuietMachine(roles);
  target.resetCursor();
  const r = rng(seed);
  const all: number[] = [];
  const won: number[] = [];
  const taken: number[] = [];
  const outcomes: Record<string, number> = {};
  let badRounds = 0;
  let skipped = 0;
  const phase = await measured(roles, async () => {
    for (let round = 0; round < rounds; round++) {
      const s = await submit(target, next(accepters + 1));
      if (s.status !== 201 || !s.requestId) {
        skipped += 1;
        continue;
      }
      await waitComplete(target, [s], 10_000);
      const tokens = (target.offers.get(s.requestId) ?? [])
        .map((m) => /\/o\/([A-Za-z0-9_-]+)/.exec(m.body)?.[1])
        .filter((t): t is string => !!t);
      if (tokens.length < accepters) {
        skipped += 1;
        continue;
      }
      for (let i = tokens.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
      }
      const answers = await Promise.all(
        tokens.slice(0, accepters).map(async (token) => {
          try {
            const res = await request('POST', `${target.baseUrl}/o/${token}/accept`, { form: {}, timeoutMs: 15_000 });
            const result = /data-result="([a-z-]+)"/.exec(res.body)?.[1] ?? `http-${res.status}`;
            return { ms: res.endedAt - res.startedAt, result };
          } catch (err) {
            return { ms: NaN, result: `error: ${(err as Error).message}` };
          }
        }),
      );
      let winners = 0;
      for (const a of answers) {
        outcomes[a.result] = (outcomes[a.result] ?? 0) + 1;
        if (Number.isNaN(a.ms)) continue;
        all.push(a.ms);
        if (a.result === 'won') {
          winners += 1;
          won.push(a.ms);
        } else if (a.result === 'taken') taken.push(a.ms);
      }
      if (winners !== 1) badRounds += 1;
    }
  });
  return {
    rounds,
    accepters,
    allMs: summarize(all),
    wonMs: summarize(won),
    takenMs: summarize(taken),
    outcomes,
    badRounds,
    skippedRounds: skipped,
    cpuSeconds: phase.cpuSeconds,
    wallSeconds: phase.wallSeconds,
  };
}
