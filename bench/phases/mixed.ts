// Submits with accepts flowing (the load test's mix), stepped like the throughput phase.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import twilioSdk from 'twilio';
import { fmt, log, quiesce, sleep, waitForQuietMachine } from '../common';
import { request } from '../http';
import { rng, type RequestTemplate } from '../seed';
import { summarize, type Summary } from '../stats';
import { isComplete, openLoop, type Submission, type Target } from '../target';
import type { SinkMessage, TwilioSink } from '../twilio-sink';
import { latencyReport, measured, type LatencyReport } from './latency';
import { statementCount, statementsPerRequest, type SqlPerRequest } from '../sql-counts';
import { ramp } from './ramp';

export interface MixedStep {
  rate: number;
  passed: boolean;
  report: LatencyReport;
  accepts: { linkMs: Summary; smsReplyMs: Summary; outcomes: Record<string, number>; doubleTaps: number };
  /** Requests that did not end with exactly one assignment (should stay 0). */
  notOneWinner: number;
  /**
   * SQL per request with its accepts and after-win messages (counted until the sink is quiet after the step, so the
   * messages that follow the last accepts are in it).
   */
  sql?: SqlPerRequest;
}

export interface MixedReport {
  /** The highest rate with p95 submit → all wave-1 SMS under 1 s while the accepts of earlier requests flow. */
  sustainedRate: number;
  capped: boolean;
  steps: MixedStep[];
}

/**
 * Steps like the throughput phase, but each request, once its wave-1 SMS are out, is accepted as in
 * tests/load/load.test.ts: one counselor, or (three times in ten) two at once; each by the link in their SMS
 * (POST /o/:token/accept) or by texting back the reply code (a signed Twilio webhook), half and half. So every
 * request also costs its after-win work (the winner's SMS and email, "covered" SMS to the others, the
 * requester's email) while later requests are being dispatched.
 */
export async function mixedPhase(
  target: Target,
  sink: TwilioSink,
  roles: Map<number, string>,
  db: Knex,
  twilioCreds: { authToken: string; from: string },
  rates: number[],
  stepSeconds: number,
  next: () => RequestTemplate,
): Promise<MixedReport> {
  const r = rng(31);
  const steps: MixedStep[] = [];
  const runStep = async (rate: number): Promise<boolean> => {
    await quiesce(sink);
    await waitForQuietMachine(roles);
    target.resetCursor();
    const link: number[] = [];
    const reply: number[] = [];
    const outcomes: Record<string, number> = {};
    let doubleTaps = 0;
    const statementsBefore = await statementCount(db);
    const accepting: Promise<void>[] = [];
    const waiting = new Set<Submission>();
    const acceptOne = async (msg: SinkMessage) => {
      const byLink = r() < 0.5;
      const started = performance.now();
      try {
        if (byLink) {
          const token = /\/o\/([A-Za-z0-9_-]+)/.exec(msg.body)?.[1];
          const res = await request('POST', `${target.baseUrl}/o/${token}/accept`, { form: {}, timeoutMs: 15_000 });
          const result = /data-result="([a-z-]+)"/.exec(res.body)?.[1] ?? `http-${res.status}`;
          outcomes[`link ${result}`] = (outcomes[`link ${result}`] ?? 0) + 1;
          link.push(performance.now() - started);
        } else {
          const code = /A(\d+)/.exec(msg.body)?.[1];
          const params = {
            MessageSid: 'SM' + randomBytes(16).toString('hex'),
            AccountSid: 'bench',
            From: msg.to,
            To: twilioCreds.from,
            Body: `A${code}`,
            NumMedia: '0',
          };
          const url = `${target.baseUrl}/webhooks/twilio/sms`;
          const res = await request('POST', url, {
            form: params,
            headers: { 'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(twilioCreds.authToken, url, params) },
            timeoutMs: 15_000,
          });
          outcomes[`sms http-${res.status}`] = (outcomes[`sms http-${res.status}`] ?? 0) + 1;
          reply.push(performance.now() - started);
        }
      } catch (err) {
        outcomes[`error ${(err as Error).message}`] = (outcomes[`error ${(err as Error).message}`] ?? 0) + 1;
      }
    };
    // Accepts leave as soon as a request's wave 1 is complete at the sink.
    let submitting = true;
    let drainUntil = Infinity;
    const driver = (async () => {
      while (submitting || waiting.size > 0) {
        await target.collect();
        for (const sub of [...waiting]) {
          if (!isComplete(target, sub)) continue;
          waiting.delete(sub);
          const msgs = target.offers.get(sub.requestId as string) ?? [];
          const two = r() < 0.3 && msgs.length > 1;
          if (two) doubleTaps += 1;
          const takers = two
            ? [msgs[0], msgs[1 + Math.floor(r() * (msgs.length - 1))]]
            : [msgs[Math.floor(r() * msgs.length)]];
          accepting.push(...takers.map(acceptOne));
        }
        if (!submitting && waiting.size > 0 && performance.now() > drainUntil) break;
        await sleep(25);
      }
    })();
    const phase = await measured(roles, async () => {
      const subs = await openLoop(target, rate, Math.round(rate * stepSeconds), next, (s) => {
        if (s.status === 201) waiting.add(s);
      });
      drainUntil = performance.now() + 8000;
      submitting = false;
      await driver;
      await Promise.all(accepting);
      return subs;
    });
    const report: LatencyReport = {
      ...latencyReport(target, phase.result),
      cpuSeconds: phase.cpuSeconds,
      wallSeconds: phase.wallSeconds,
    };
    // Exactly one winner per request, once the accepts are answered (an SMS reply may be finished a moment later).
    const ids = phase.result.filter((s) => s.requestId && isComplete(target, s)).map((s) => s.requestId as string);
    let notOneWinner = 0;
    const deadline = performance.now() + 15_000;
    for (;;) {
      const rows: { request_id: string; n: string }[] = await db('assignments')
        .whereIn('request_id', ids)
        .groupBy('request_id')
        .select('request_id', db.raw('count(*)::text as n'));
      const counts = new Map(rows.map((x) => [x.request_id, Number(x.n)]));
      notOneWinner = ids.filter((id) => counts.get(id) !== 1).length;
      if (notOneWinner === 0 || performance.now() > deadline) break;
      await sleep(250);
    }
    await quiesce(sink, 1500, 60_000);
    const sql = statementsPerRequest(statementsBefore, await statementCount(db), report.accepted);
    const passed =
      report.errors === 0 && report.incomplete === 0 && report.allSmsMs.p95 !== null && report.allSmsMs.p95 < 1000;
    steps.push({
      rate,
      passed,
      report,
      accepts: { linkMs: summarize(link), smsReplyMs: summarize(reply), outcomes, doubleTaps },
      notOneWinner,
      sql,
    });
    const others = report.wallSeconds ? (report.cpuSeconds?.other ?? 0) / report.wallSeconds : 0;
    log(
      `  mixed ${rate} req/s: p95 all wave-1 ${fmt(report.allSmsMs.p95)} ms, accepts link p95 ` +
        `${fmt(summarize(link).p95)} ms, SMS reply p95 ${fmt(summarize(reply).p95)} ms, not one winner ` +
        `${notOneWinner}, errors ${report.errors}, incomplete ${report.incomplete}, others used ` +
        `${others.toFixed(2)} cores → ${passed ? 'pass' : 'FAIL'}`,
    );
    return passed;
  };
  const { best, capped } = await ramp(rates, (rate) => runStep(rate));
  return { sustainedRate: best, capped, steps };
}
