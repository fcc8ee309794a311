// What every part of the bench shares: its log line, sleeping, and waiting for the machine and the sink to calm down.
import { performance } from 'node:perf_hooks';
import { cpuDelta, cpuSnapshot } from './stack';
import type { TwilioSink } from './twilio-sink';

const benchStarted = performance.now();
export const sinceStart = () => performance.now() - benchStarted;
const elapsed = () => `${(sinceStart() / 1000).toFixed(1)}s`;
export const log = (m: string) => console.log(`[bench ${elapsed()}] ${m}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const fmt = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);

/** Seconds to wait, before each phase, for other people's processes to leave the CPUs (--wait-quiet). */
let waitQuietSeconds = 0;
export const setWaitQuiet = (seconds: number) => {
  waitQuietSeconds = seconds;
};

/** Cores the rest of the machine (not this bench's processes) used over a short window. */
export async function otherCores(roles: Map<number, string>, windowMs = 1000): Promise<number> {
  const before = cpuSnapshot(roles);
  await sleep(windowMs);
  return (cpuDelta(before, cpuSnapshot(roles)).other ?? 0) / (windowMs / 1000);
}

export async function waitForQuietMachine(roles: Map<number, string>): Promise<void> {
  if (waitQuietSeconds <= 0) return;
  const deadline = performance.now() + waitQuietSeconds * 1000;
  let cores = await otherCores(roles);
  while (cores > 0.2 && performance.now() < deadline) {
    log(`  waiting for a quiet machine (others use ${cores.toFixed(2)} cores)`);
    cores = await otherCores(roles, 2000);
  }
}

/** Waits until the sink has been quiet for a moment (the previous phase's stragglers are out of the way). */
export async function quiesce(sink: TwilioSink, quietMs = 1500, maxMs = 30_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = sink.messages.length;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    await sleep(100);
    if (sink.messages.length !== last) {
      last = sink.messages.length;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= quietMs) return;
  }
}
