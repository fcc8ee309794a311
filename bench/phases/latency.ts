// The latency phases (warm-up, steady, burst, and each step of the ramps): an open loop of submits, every wave-1
// SMS waited for, the percentiles, the CPU each process used, and (given the database) rows and statements.
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import type { DispatchTimes } from '../breakdown';
import { quiesce, sleep, waitForQuietMachine } from '../common';
import type { RequestTemplate } from '../seed';
import { statementCount, statementsPerRequest, tableWrites, writesPerRequest, type SqlPerRequest } from '../sql-counts';
import { cpuDelta, cpuSnapshot } from '../stack';
import { summarize, type Summary } from '../stats';
import { isComplete, openLoop, waitComplete, type Submission, type Target } from '../target';
import type { TwilioSink } from '../twilio-sink';

export interface LatencyReport {
  requests: number;
  accepted: number;
  errors: number;
  errorSamples: string[];
  /** Requests that did not get all their wave-1 SMS within the time bound. */
  incomplete: number;
  /** Requests that got more wave-1 SMS than the pool says they match (should stay 0). */
  overDelivered: number;
  smsPerRequest: Summary;
  submitResponseMs: Summary;
  firstSmsMs: Summary;
  allSmsMs: Summary;
  /** Submissions per second actually sent, and wave-1 completions per second over the phase. */
  offeredRate: number;
  completedPerSecond: number;
  cpuSeconds?: Record<string, number>;
  wallSeconds?: number;
  /** Rows written per accepted request, by table (inserts + updates), from pg_stat_user_tables. */
  rowWritesPerRequest?: Record<string, number>;
  /** SQL statements per accepted request (pg_stat_statements of the app's database; the bench's own excluded). */
  sqlPerRequest?: SqlPerRequest;
}

export function latencyReport(target: Target, subs: Submission[]): LatencyReport {
  const first: number[] = [];
  const all: number[] = [];
  const submitMs: number[] = [];
  const sizes: number[] = [];
  let incomplete = 0;
  let overDelivered = 0;
  let lastDone = 0;
  for (const s of subs) {
    if (s.status !== 201 || !s.requestId) continue;
    submitMs.push(s.respondedAt - s.submittedAt);
    const msgs = target.offers.get(s.requestId) ?? [];
    sizes.push(s.template.expected);
    if (msgs.length > 0) first.push(Math.min(...msgs.map((m) => m.at)) - s.submittedAt);
    if (msgs.length > s.template.expected) overDelivered += 1;
    if (msgs.length >= s.template.expected) {
      const done = Math.max(...msgs.map((m) => m.at));
      all.push(done - s.submittedAt);
      lastDone = Math.max(lastDone, done);
    } else incomplete += 1;
  }
  const errors = subs.filter((s) => s.status !== 201);
  const firstSubmit = Math.min(...subs.map((s) => s.submittedAt));
  const lastSubmit = Math.max(...subs.map((s) => s.submittedAt));
  return {
    requests: subs.length,
    accepted: subs.length - errors.length,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => `${e.status}: ${e.error ?? ''}`))].slice(0, 3),
    incomplete,
    overDelivered,
    smsPerRequest: summarize(sizes),
    submitResponseMs: summarize(submitMs),
    firstSmsMs: summarize(first),
    allSmsMs: summarize(all),
    offeredRate: subs.length > 1 ? Math.round(((subs.length - 1) / ((lastSubmit - firstSubmit) / 1000)) * 10) / 10 : 0,
    completedPerSecond:
      all.length > 1 && lastDone > firstSubmit
        ? Math.round((all.length / ((lastDone - firstSubmit) / 1000)) * 10) / 10
        : 0,
  };
}

export interface Phase<T> {
  result: T;
  cpuSeconds: Record<string, number>;
  wallSeconds: number;
}

export async function measured<T>(roles: Map<number, string>, fn: () => Promise<T>): Promise<Phase<T>> {
  const before = cpuSnapshot(roles);
  const t = performance.now();
  const result = await fn();
  return {
    result,
    cpuSeconds: cpuDelta(before, cpuSnapshot(roles)),
    wallSeconds: Math.round((performance.now() - t) / 100) / 10,
  };
}

export async function latencyPhase(
  target: Target,
  sink: TwilioSink,
  roles: Map<number, string>,
  rate: number,
  count: number,
  next: () => RequestTemplate,
  drainMs: number,
  keep?: (subs: Submission[]) => void,
  db?: Knex,
): Promise<LatencyReport> {
  await quiesce(sink);
  await waitForQuietMachine(roles);
  target.resetCursor();
  // Postgres publishes table statistics about once a second: wait for the earlier phase's to land.
  const writesBefore = db ? (await sleep(1100), await tableWrites(db)) : undefined;
  const statementsBefore = db ? await statementCount(db) : undefined;
  const phase = await measured(roles, async () => {
    const subs = await openLoop(target, rate, count, next);
    await waitComplete(target, subs, drainMs);
    return subs;
  });
  keep?.(phase.result);
  const report: LatencyReport = {
    ...latencyReport(target, phase.result),
    cpuSeconds: phase.cpuSeconds,
    wallSeconds: phase.wallSeconds,
  };
  if (db && writesBefore) {
    await sleep(1100);
    report.rowWritesPerRequest = writesPerRequest(writesBefore, await tableWrites(db), report.accepted);
    report.sqlPerRequest = statementsPerRequest(statementsBefore, await statementCount(db), report.accepted);
  }
  return report;
}

/** The bench-side times of complete dispatches, for the history breakdown (a sample, evenly spread). */
export function dispatchTimes(target: Target, subs: Submission[], max: number): DispatchTimes[] {
  const done = subs.filter((s) => isComplete(target, s));
  const step = Math.max(1, Math.floor(done.length / max));
  return done
    .filter((_, i) => i % step === 0)
    .slice(0, max)
    .map((s) => {
      const at = (target.offers.get(s.requestId as string) ?? []).map((m) => m.at);
      return {
        requestId: s.requestId as string,
        submittedAt: s.submittedAt,
        respondedAt: s.respondedAt,
        firstSmsAt: Math.min(...at),
        lastSmsAt: Math.max(...at),
      };
    });
}
