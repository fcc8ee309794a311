// `npx tsx bench/engine-ceiling.ts [--temporal dev|postgres] [--rates 20,40,...] [--step-seconds N]`: the most
// requests a second a Temporal workflow per request can carry on this machine when the workflow does nothing but
// what every dispatch on Temporal must: be started, run one workflow task with the first wave as a local activity
// that does no work, and start the escalation's timer (bench/engine-ceiling-workflow.ts). No database of the
// app's, no HTTP, no SMS: the engine alone, with the product's dynamic config and payload encryption.
//
// It runs the throughput phase's rule (the highest step whose p95 start → first wave stays under 1 s with every
// workflow's first wave run) and reports each step's CPU per workflow of the server, the worker and this driver
// (which starts the workflows, as the API does). Whatever the product does beside the engine comes on top of this,
// so the figure is a ceiling for any dispatch that starts a workflow per request (bench/README.md).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../codec';
import { startPostgres, TEMPORAL_DYNAMIC_CONFIG, waitFor } from '../scripts/services';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import { fmt, log, sleep } from './common';
import {
  cpuDelta,
  cpuSnapshot,
  startDevTemporalBench,
  startProductionTemporalBench,
  type BenchTemporal,
} from './stack';
import { summarize } from './stats';

const ROOT = path.resolve(__dirname, '..');
const P95_BOUND_MS = 1000;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      temporal: { type: 'string', default: 'dev' },
      rates: { type: 'string', default: '5,20,40,60,70,80,90,100,120,140,160' },
      'step-seconds': { type: 'string', default: '5' },
    },
  });
  if (values.temporal !== 'dev' && values.temporal !== 'postgres') throw new Error('--temporal is dev or postgres');
  const rates = values.rates.split(',').map(Number);
  if (rates.some((r) => !(r > 0))) throw new Error('--rates takes positive numbers, e.g. 20,40,80');
  const stepSeconds = Number(values['step-seconds']);
  if (!(stepSeconds > 0)) throw new Error('--step-seconds takes a positive number');
  return { temporal: values.temporal as 'dev' | 'postgres', rates, stepSeconds };
}

const now = () => performance.timeOrigin + performance.now();

/** Waits (bounded) until the condition holds. */
const until = (what: string, cond: () => boolean, timeoutMs: number) =>
  waitFor(
    what,
    async () => {
      if (!cond()) throw new Error('not yet');
    },
    timeoutMs,
    20,
  );

async function main() {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-ceiling-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the bench runs as root (--temporal postgres)
  const stops: (() => Promise<void>)[] = [];
  try {
    const cli = await resolveTemporalCli(ROOT, log);
    let temporal: BenchTemporal;
    if (o.temporal === 'postgres') {
      const pg = await startPostgres({
        dataDir: path.join(dir, 'pg'),
        log,
        postgresFlags: ['-c', 'max_connections=400'],
      });
      stops.push(() => pg.stop());
      temporal = await startProductionTemporalBench(pg, { cli, logFile: path.join(dir, 'temporal.log'), log });
    } else {
      temporal = await startDevTemporalBench({
        cli,
        dynamicConfig: TEMPORAL_DYNAMIC_CONFIG,
        logFile: path.join(dir, 'temporal.log'),
      });
    }
    stops.push(() => temporal.stop());
    const { address, describe } = temporal;
    log(`Temporal: ${describe} on ${address}`);

    const key = randomBytes(32);
    const arrived = new Map<string, number>();
    const worker: ChildProcess = fork(require.resolve('./engine-ceiling-worker'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TEMPORAL_ADDRESS: address, BENCH_PAYLOAD_KEY: key.toString('base64') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let ready = false;
    worker.on('message', (m: { ready?: boolean; ran?: string; at?: number }) => {
      if (m.ready) ready = true;
      if (m.ran && m.at && !arrived.has(m.ran)) arrived.set(m.ran, m.at);
    });
    stops.push(async () => {
      if (worker.exitCode === null) {
        const exited = new Promise((r) => worker.once('exit', r));
        worker.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        worker.kill('SIGKILL');
      }
    });
    await until('the worker', () => ready || worker.exitCode !== null, 120_000);
    if (!ready) throw new Error('the worker exited before it was ready');

    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    const client = new Client({ connection, dataConverter: createDataConverter([{ id: 'bench', key }]) });
    const roles = new Map<number, string>([
      [temporal.pid ?? -1, 'temporal'],
      [worker.pid ?? -1, 'worker'],
    ]);

    let n = 0;
    const run = async (rate: number, seconds: number) => {
      const count = Math.round(rate * seconds);
      const started = new Map<string, number>();
      const errors: string[] = [];
      const before = cpuSnapshot(roles);
      const t0 = now();
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < count; i++) {
        // Open loop, as the bench's throughput phase: each start at its time, whether or not the last answered.
        const due = t0 + (i * 1000) / rate;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const id = `ceiling-${++n}`;
        started.set(id, now());
        calls.push(
          client.workflow
            .start('dispatchShapedWorkflow', { taskQueue: 'engine-ceiling', workflowId: id, args: [id] })
            .catch((err: unknown) => errors.push(err instanceof Error ? err.message : String(err))),
        );
      }
      await Promise.all(calls);
      const done = () => [...started.keys()].every((id) => arrived.has(id));
      // Bounded: a step the engine cannot carry ends with the waves that did run, and fails the p95 rule.
      await until('first waves', () => done() || errors.length > 0, 60_000).catch(() => undefined);
      const wallSeconds = (now() - t0) / 1000;
      const cpu = cpuDelta(before, cpuSnapshot(roles));
      const latencies = [...started].filter(([id]) => arrived.has(id)).map(([id, t]) => arrived.get(id)! - t);
      const s = summarize(latencies);
      const perWorkflow = (role: string) => ((cpu[role] ?? 0) * 1000) / count;
      return {
        rate,
        workflows: count,
        firstWaveRun: latencies.length,
        errors: errors.length,
        p50: s.p50,
        p95: s.p95,
        cpuMsPerWorkflow: {
          temporal: perWorkflow('temporal'),
          worker: perWorkflow('worker'),
          driver: perWorkflow('bench'),
          postgres: perWorkflow('postgres'),
        },
        otherCores: (cpu.other ?? 0) / wallSeconds,
      };
    };

    log('warm-up: 100 workflows at 20/s');
    await run(20, 5);
    let sustained = 0;
    const rows = [];
    for (const rate of o.rates) {
      const r = await run(rate, o.stepSeconds);
      rows.push(r);
      const c = r.cpuMsPerWorkflow;
      const all = c.temporal + c.worker + c.driver + c.postgres;
      log(
        `${rate}/s: ${r.firstWaveRun}/${r.workflows} first waves, ${r.errors} errors, start → first wave p50 ` +
          `${fmt(r.p50)} ms p95 ${fmt(r.p95)} ms; CPU per workflow (ms) Temporal ${fmt(c.temporal, 1)}, worker ` +
          `${fmt(c.worker, 1)}, driver ${fmt(c.driver, 1)}` +
          (o.temporal === 'postgres' ? `, PostgreSQL ${fmt(c.postgres, 1)}` : '') +
          ` = ${fmt(all, 1)}; other processes ${fmt(r.otherCores, 2)} cores`,
      );
      const met = r.errors === 0 && r.firstWaveRun === r.workflows && (r.p95 ?? Infinity) < P95_BOUND_MS;
      if (!met) break;
      sustained = rate;
    }
    const file = path.join(ROOT, 'bench', 'results', `engine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim(),
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    };
    writeFileSync(
      file,
      JSON.stringify(
        { bench: 'bench/engine-ceiling.ts', machine, temporal: describe, options: o, steps: rows, sustained },
        null,
        2,
      ) + '\n',
    );
    log(`written ${path.relative(ROOT, file)}`);
    log(
      `engine ceiling (${describe}): ${sustained} workflows/s with p95 start → first wave < ${P95_BOUND_MS} ms ` +
        `(steps ${o.rates.join(', ')}, ${o.stepSeconds} s each)`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop: ${String(err)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
