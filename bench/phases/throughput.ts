// Throughput: open-loop steps up to the first failing rate, then two steps halving the gap (see ramp.ts).
import { fmt, log, quiesce } from '../common';
import type { RequestTemplate } from '../seed';
import type { Target } from '../target';
import type { TwilioSink } from '../twilio-sink';
import { latencyPhase, type LatencyReport } from './latency';
import { ramp } from './ramp';

export interface ThroughputStep {
  rate: number;
  passed: boolean;
  report: LatencyReport;
}

export interface ThroughputReport {
  /** The highest offered rate with every request dispatched and p95 submit → all wave-1 SMS under 1 s. */
  sustainedRate: number;
  /** The highest step passed: the path can do more than the bench asked of it. */
  capped: boolean;
  criterionMs: number;
  steps: ThroughputStep[];
}

export async function throughputPhase(
  target: Target,
  sink: TwilioSink,
  roles: Map<number, string>,
  rates: number[],
  stepSeconds: number,
  next: () => RequestTemplate,
): Promise<ThroughputReport> {
  const criterionMs = 1000;
  const steps: ThroughputStep[] = [];
  const runStep = async (rate: number, retried = false): Promise<boolean> => {
    const report = await latencyPhase(target, sink, roles, rate, Math.round(rate * stepSeconds), next, 8000);
    const passed =
      report.errors === 0 &&
      report.incomplete === 0 &&
      report.allSmsMs.p95 !== null &&
      report.allSmsMs.p95 < criterionMs;
    const otherCores = report.wallSeconds ? (report.cpuSeconds?.other ?? 0) / report.wallSeconds : 0;
    steps.push({ rate, passed, report });
    log(
      `  ${target.name} ${rate} req/s: p95 all wave-1 ${fmt(report.allSmsMs.p95)} ms, errors ${report.errors}, ` +
        `incomplete ${report.incomplete}, others used ${otherCores.toFixed(2)} cores → ${passed ? 'pass' : 'FAIL'}`,
    );
    // On a shared machine: a step that failed while other processes took a good part of the CPUs runs once more.
    if (!passed && !retried && otherCores > 0.25) {
      await quiesce(sink, 1500, 60_000);
      return runStep(rate, true);
    }
    return passed;
  };
  const { best, capped } = await ramp(rates, (rate) => runStep(rate));
  return { sustainedRate: best, capped, criterionMs, steps };
}
