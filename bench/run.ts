// `npm run bench`: starts its own stack (embedded Postgres, Temporal dev server, worker, API, local Twilio and
// SMTP sinks), seeds a realistic pool, drives it only through HTTP like real clients, and does the same against
// a direct path (no workflow engine) as the floor. Prints a table, writes bench/results/<timestamp>.json and
// bench/results/latest.json. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultPayloadKey } from '../codec';
import { createDb, createStores, migrateLatest } from '../db';
import { build } from '../scripts/build';
import { freePort, startPostgres, TEMPORAL_DYNAMIC_CONFIG, waitFor, type PostgresService } from '../scripts/services';
import { startSmtpSink, type SmtpSink } from '../scripts/sinks/smtp-sink';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import { workflowBreakdown } from './breakdown';
import { fmt, log, setWaitQuiet, sinceStart, sleep, quiesce } from './common';
import { closeAgent, request, retriedRequestCount } from './http';
import { parseOptions, type PhaseName } from './options';
import { acceptPhase } from './phases/accept';
import { dispatchTimes, latencyPhase, type LatencyReport } from './phases/latency';
import { checkMatchAgreement, matchingOnly, matchingPhase, type MatchingReport } from './phases/matching';
import { mixedPhase } from './phases/mixed';
import { throughputPhase } from './phases/throughput';
import { monotonicUs, summarizeBusiest, type PhaseWindow, type ProfileSummary } from './profile';
import {
  buildRows,
  cpuPerDispatch,
  cpuPerDispatchByRole,
  printCpu,
  printTable,
  WORKFLOW_ROLES,
  type PathResults,
} from './report';
import { requestGenerator, seedBenchPool, type RequestTemplate } from './seed';
import { enableStatementCounts } from './sql-counts';
import {
  memoryPeaks,
  memorySnapshot,
  spawnApp,
  startProductionTemporalBench,
  startDevTemporalBench,
  tailOf,
  type AppProcess,
  type BenchTemporal,
} from './stack';
import { directLookup, makeTarget, workflowLookup, type PathName, type Submission, type Target } from './target';
import { startTwilioSink } from './twilio-sink';

/** One phase of the run: measured once per path it applies to (both by default), in the order listed. */
interface BenchPhase {
  name: PhaseName;
  paths?: PathName[];
  title(): string;
  /** Measures into the path's results; returns the line to log. */
  run(
    target: Target,
    res: PathResults,
    next: { any: () => RequestTemplate; atLeast: (min: number) => RequestTemplate },
  ): Promise<string>;
}

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');

// ---- main ----------------------------------------------------------------------------------------------------------

async function main() {
  const o = parseOptions(process.argv.slice(2));
  setWaitQuiet(o.waitQuiet);
  const startedAtIso = new Date().toISOString();
  const stops: Array<() => Promise<void>> = [];
  let cleaned = false;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dispatch-bench-'));
  chmodSync(dir, 0o755); // Postgres runs as its own user when the bench runs as root
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const stop of stops.reverse()) await stop().catch(() => {});
    closeAgent();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  // A hard bound on the whole run, whatever happens.
  const watchdog = setTimeout(() => {
    console.error(`[bench] took longer than ${o.timeoutMinutes} minutes: stopping`);
    void cleanup().then(() => process.exit(1));
  }, o.timeoutMinutes * 60_000);
  watchdog.unref();

  const apps: AppProcess[] = [];
  try {
    log(`data in ${dir}`);
    if (o.matchingOnly) {
      await matchingOnly(o, dir, stops);
      return;
    }
    if (o.runtime === 'node' && o.build) await build({ log });
    const cli = await resolveTemporalCli(ROOT, log);
    const dynamicConfig = [...(o.eagerActivities ? TEMPORAL_DYNAMIC_CONFIG : []), ...o.dynamicConfig];
    const pgStarting = startPostgres({
      dataDir: path.join(dir, 'pg'),
      log,
      postgresFlags: [
        // Statement counts per dispatch (pg_stat_statements: a preloaded library of the same binaries).
        ...['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.max=10000'],
        // And the time PostgreSQL spends planning them (prepared statements plan once per connection).
        ...['-c', 'pg_stat_statements.track_planning=on'],
        // Room for the Temporal server's own pools when it runs on this PostgreSQL (--temporal=postgres).
        ...['-c', 'max_connections=400'],
      ],
    });
    let temporal: BenchTemporal;
    let pgService: PostgresService;
    if (o.temporal === 'postgres') {
      pgService = await pgStarting;
      temporal = await startProductionTemporalBench(pgService, { cli, logFile: path.join(dir, 'temporal.log'), log });
    } else {
      [pgService, temporal] = await Promise.all([
        pgStarting,
        startDevTemporalBench({ cli, dynamicConfig, logFile: path.join(dir, 'temporal.log') }),
      ]);
    }
    stops.push(() => pgService.stop());
    stops.push(() => temporal.stop());
    log(
      `Postgres on ${pgService.port}, Temporal ${temporal.describe} on ${temporal.address} ${dynamicConfig.join(' ')}`,
    );
    await pgService.createDatabase('dispatch');
    const databaseUrl = pgService.url('dispatch');
    const db = createDb(databaseUrl, { max: 4 });
    stops.push(() => db.destroy());
    await migrateLatest(db);
    await enableStatementCounts(db);

    const seed = await seedBenchPool(db, {
      // A larger pool per workspace (--pool-size): fewer workspaces, so the seed stays a few seconds.
      loadWorkspaces: o.poolSize ? Math.max(4, Math.round((o.loadWorkspaces * 25) / o.poolSize)) : o.loadWorkspaces,
      loadMin: o.poolSize ?? 20,
      loadMax: o.poolSize ?? 30,
      bgWorkspaces: o.bgWorkspaces,
      bgCounselors: o.bgCounselors,
    });
    log(
      `seeded ${seed.rows.workspaces} workspaces, ${seed.rows.counselorProfiles} counselors in ${seed.ms} ms ` +
        `(${seed.load.length} load workspaces of 20-30, ${seed.background.length} x ${o.bgCounselors} background)`,
    );

    const dataKeyHex = randomBytes(32).toString('hex');
    const dataKey = Buffer.from(dataKeyHex, 'hex');
    const stores = createStores(db, dataKey);
    const twilio = { accountSid: 'AC' + randomBytes(16).toString('hex'), authToken: randomBytes(16).toString('hex') };
    const sink = await startTwilioSink(twilio);
    stops.push(() => sink.close());
    const smtp: SmtpSink = await startSmtpSink(stores.devOutbox, 0);
    stops.push(() => smtp.close());

    const [apiPort, directPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'dispatch',
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      PORT: String(apiPort),
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_MESSAGING_SERVICE_SID: undefined,
      TWILIO_API_BASE: sink.apiBase,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Peer Dispatch <dispatch@bench.local>',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATA_KEY: dataKeyHex,
      DEV_SINKS: '0',
      LOG_LEVEL: 'warn',
      // The bench submits from one address as fast as it can: the per-IP intake limit would stop it.
      INTAKE_RATE_LIMIT: '0',
      // A lever under test (--app-env): every process the bench starts gets it (the direct path ignores it).
      ...o.appEnv,
    };
    const roles = new Map<number, string>([[temporal.pid ?? -1, 'temporal']]);
    const profileDir = (name: string) => path.join(dir, 'profiles', name);
    const spawnedAt = new Map<string, number>();
    const startApp = (name: string, entry: string, extra: NodeJS.ProcessEnv = {}) => {
      spawnedAt.set(name, performance.now());
      const app = spawnApp(name, ROOT, entry, { ...env, ...extra }, path.join(dir, `${name}.log`), {
        cpuProfileDir: o.profile ? profileDir(name) : undefined,
        runtime: o.runtime,
      });
      apps.push(app);
      stops.push(() => app.stop());
      if (app.child.pid) roles.set(app.child.pid, name);
      app.child.once('exit', (code, signal) => {
        if (!cleaned) log(`${name} exited (${code ?? signal}); its log:\n${tailOf(app.logFile)}`);
      });
      return app;
    };
    const workers = o.skipWorkflow
      ? []
      : Array.from({ length: o.workers }, (_, i) =>
          // Only the first worker runs the workspace jobs (schedules, reminders), as a second replica would not.
          startApp(
            i === 0 ? 'worker' : `worker${i + 1}`,
            'workers/main.ts',
            i === 0 ? {} : { WORKER_WORKSPACE_JOBS: '0' },
          ),
        );
    if (!o.skipWorkflow) startApp('api', 'api/main.ts');
    /** From spawn to answering (API: /readyz; worker: polling), ms: what compiled JavaScript saves at start. */
    const startupMs: Record<string, number> = {};
    const ready = (name: string) => {
      startupMs[name] = Math.round(performance.now() - (spawnedAt.get(name) ?? 0));
    };
    if (!o.skipDirect) startApp('direct', 'bench/direct-server.ts', { PORT: String(directPort) });

    const apiBase = `http://127.0.0.1:${apiPort}`;
    const directBase = `http://127.0.0.1:${directPort}`;
    if (!o.skipWorkflow) {
      await waitFor(
        'the API',
        async () => {
          const res = await request('GET', `${apiBase}/readyz`, { timeoutMs: 2000 });
          if (res.status !== 200) throw new Error(`readyz ${res.status}`);
        },
        120_000,
        50,
      );
      ready('api');
      for (const worker of workers) {
        await waitFor(
          `the ${worker.name}`,
          async () => {
            if (!/worker: polling/.test(tailOf(worker.logFile, 100_000))) throw new Error('not polling yet');
          },
          180_000,
          50,
        );
        ready(worker.name);
      }
    }
    if (!o.skipDirect) {
      await waitFor(
        'the direct path',
        async () => {
          const res = await request('GET', `${directBase}/healthz`, { timeoutMs: 2000 });
          if (res.status !== 200) throw new Error(`healthz ${res.status}`);
        },
        120_000,
        50,
      );
      ready('direct');
    }
    log(
      `stack up (${o.runtime}): ${Object.entries(startupMs)
        .map(([k, v]) => `${k} ready in ${v} ms`)
        .join(', ')}`,
    );
    const memory: Record<string, Record<string, number>> = { started: memorySnapshot(roles) };

    // The direct path's one query must be the store's query: same ids, same order.
    await checkMatchAgreement(db, stores, seed.load);

    const paths: Record<PathName, PathResults> = { workflow: {}, direct: {} };
    const targets: Target[] = [];
    if (!o.skipWorkflow) targets.push(makeTarget('workflow', apiBase, sink, workflowLookup(db)));
    if (!o.skipDirect) targets.push(makeTarget('direct', directBase, sink, directLookup(directBase)));

    /** Phase windows on the monotonic clock, to cut the CPU profiles by phase. */
    const windows: PhaseWindow[] = [];
    const has = (p: PhaseName) => o.phases.has(p);
    let peaks: ReturnType<typeof memoryPeaks> | undefined;
    /**
     * The phases in the order they run, each once per path it applies to: what it measures (into the path's
     * results) and the line it logs. The runner below gives each its profile window; nothing else differs.
     */
    const phases: BenchPhase[] = [
      {
        name: 'steady',
        title: () => `steady ${o.steadyRate} req/s for ${o.steadySeconds} s`,
        async run(target, res, next) {
          const kept: Submission[] = [];
          res.steady = await latencyPhase(
            target,
            sink,
            roles,
            o.steadyRate,
            Math.round(o.steadyRate * o.steadySeconds),
            next.any,
            (o.drainSeconds ?? 15) * 1000,
            (subs) => kept.push(...subs),
            db,
          );
          if (target.name === 'workflow') (res.breakdown ??= {}).steady = await breakdownOf(target, kept);
          return latencyLine(res.steady);
        },
      },
      {
        name: 'burst',
        title: () => `burst of ${o.burst}`,
        async run(target, res, next) {
          const kept: Submission[] = [];
          res.burst = await latencyPhase(
            target,
            sink,
            roles,
            Infinity,
            o.burst,
            next.any,
            (o.drainSeconds ?? 30) * 1000,
            (subs) => kept.push(...subs),
            db,
          );
          if (target.name === 'workflow') (res.breakdown ??= {}).burst = await breakdownOf(target, kept);
          return latencyLine(res.burst);
        },
      },
      {
        name: 'accept',
        title: () => `${o.acceptRounds} accept rounds, ${o.accepters} accepters each`,
        async run(target, res, next) {
          res.accept = await acceptPhase(target, sink, roles, o.acceptRounds, o.accepters, next.atLeast, 11);
          return `accept p50/p99: ${fmt(res.accept.allMs.p50)}/${fmt(res.accept.allMs.p99)} ms, ${JSON.stringify(res.accept.outcomes)}`;
        },
      },
      {
        name: 'throughput',
        title: () => `throughput ramp ${o.rates.join(', ')} req/s, ${o.stepSeconds} s each`,
        async run(target, res, next) {
          res.throughput = await throughputPhase(target, sink, roles, o.rates, o.stepSeconds, next.any);
          await quiesce(sink, 1500, 60_000);
          return `sustained ${res.throughput.sustainedRate} req/s${res.throughput.capped ? ' (every step passed)' : ''}`;
        },
      },
      {
        name: 'mixed',
        // Accepts by SMS reply need the product's webhook: the direct path has none.
        paths: ['workflow'],
        title: () => `mixed (submits with accepts) ${o.mixedRates.join(', ')} req/s, ${o.stepSeconds} s each`,
        async run(target, res, next) {
          res.mixed = await mixedPhase(
            target,
            sink,
            roles,
            db,
            { authToken: twilio.authToken, from: '+15005550006' },
            o.mixedRates,
            o.stepSeconds,
            next.any,
          );
          return `mixed: sustained ${res.mixed.sustainedRate} req/s`;
        },
      },
    ];
    const breakdownOf = (target: Target, subs: Submission[]) =>
      workflowBreakdown(temporal.address, dispatchTimes(target, subs, 40), [defaultPayloadKey(dataKey)]);
    const latencyLine = (r: LatencyReport) =>
      `p50/p95/p99 all wave-1: ${fmt(r.allSmsMs.p50)}/${fmt(r.allSmsMs.p95)}/${fmt(r.allSmsMs.p99)} ms`;

    for (const target of targets) {
      const res = paths[target.name];
      // The same request sequence for both paths.
      const gen = requestGenerator(seed.load, 4242);
      const next = { any: () => gen(3), atLeast: gen };
      log(`${target.name}: warm-up`);
      res.warmup = await latencyPhase(target, sink, roles, 10, 30, next.any, 60_000);
      if (target.name === 'workflow') {
        await quiesce(sink);
        await sleep(2000);
        memory.atRest = memorySnapshot(roles);
        peaks = memoryPeaks(roles);
      }
      for (const phase of phases) {
        if (!has(phase.name) || (phase.paths && !phase.paths.includes(target.name))) continue;
        log(`${target.name}: ${phase.title()}`);
        const startUs = monotonicUs();
        try {
          log(`  ${await phase.run(target, res, next)}`);
        } finally {
          windows.push({ name: `${target.name} ${phase.name}`, startUs, endUs: monotonicUs() });
        }
      }
      if (target.name === 'workflow' && peaks) memory.peakUnderLoad = peaks.stop();
    }

    let matching: MatchingReport | undefined;
    if (has('matching')) {
      log(`matching query at ${seed.background.length} x ${o.bgCounselors}`);
      matching = await matchingPhase(db, dataKey, seed, o.matchRuns);
    }

    let profiles: Record<string, ProfileSummary | undefined> | undefined;
    if (o.profile) {
      // The profiles are written when the processes exit.
      for (const app of apps) await app.stop();
      profiles = {};
      for (const app of apps) {
        try {
          profiles[app.name] = summarizeBusiest(profileDir(app.name), windows);
        } catch (err) {
          log(`no profile for ${app.name}: ${(err as Error).message}`);
        }
      }
    }

    const rows = buildRows(paths.workflow, paths.direct, o);
    const temporalVersion = temporal.describe;
    const pgVersion = ((await db.raw('show server_version')).rows[0] as { server_version: string }).server_version;
    const result = {
      bench: 'peer-dispatch npm run bench',
      startedAt: startedAtIso,
      label: o.label ?? null,
      durationSeconds: Math.round(sinceStart() / 1000),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        temporal: temporalVersion,
        postgres: pgVersion,
      },
      setup: {
        processes:
          o.runtime === 'node'
            ? 'api and worker each their own process (node dist/api/main.js, dist/workers/main.js), as in production'
            : 'api and worker each their own process (node <tsx cli> api/main.ts, workers/main.ts), as before the build',
        runtime: o.runtime,
        workers: o.workers,
        temporalDevServer: { dynamicConfig },
        twilioSink: 'in the bench process; arrival = performance.now() when the Messages POST headers arrive',
        options: o,
        seed: { ...seed.rows, loadWorkspaces: seed.load.length, backgroundWorkspaces: seed.background.length },
      },
      summary: rows,
      workflow: paths.workflow,
      direct: paths.direct,
      matchingQuery: matching ?? null,
      startupMs,
      /** PSS in MB: just started, idle after the warm-up, and the highest sample during the phases. */
      memoryMb: memory,
      cpuMsPerDispatch: Object.fromEntries(
        targets.map((t) => [
          t.name,
          {
            steady: cpuPerDispatchByRole(paths[t.name].steady),
            burst: cpuPerDispatchByRole(paths[t.name].burst),
          },
        ]),
      ),
      ...(profiles ? { profiles } : {}),
      sink: { rejected: sink.rejected, messages: sink.messages.length },
      /** Requests sent again after a reset on a reused keep-alive socket (they never reached the app). */
      httpRetries: retriedRequestCount(),
      unattributed: Object.fromEntries(targets.map((t) => [t.name, t.unattributed])),
    };

    printTable(rows, matching);
    for (const t of targets) {
      const p = paths[t.name];
      printCpu(`${t.name} path`, [
        ['steady', p.steady?.cpuSeconds, p.steady?.wallSeconds],
        ['burst', p.burst?.cpuSeconds, p.burst?.wallSeconds],
        ['accept', p.accept?.cpuSeconds, p.accept?.wallSeconds],
        ...(p.throughput?.steps ?? []).map(
          (s) =>
            [
              `${s.rate} req/s ${s.passed ? 'pass' : 'FAIL'} p95 ${fmt(s.report.allSmsMs.p95)}`,
              s.report.cpuSeconds,
              s.report.wallSeconds,
            ] as [string, Record<string, number> | undefined, number | undefined],
        ),
      ]);
    }
    for (const t of targets) {
      const w = paths[t.name].steady?.rowWritesPerRequest;
      if (w) {
        const total = Object.values(w).reduce((a, b) => a + b, 0);
        console.log('');
        console.log(
          `${t.name} path, steady: ${total.toFixed(1)} row writes per request (${paths[t.name].steady?.smsPerRequest.mean} SMS): ` +
            Object.entries(w)
              .map(([k, v]) => `${k} ${v}`)
              .join(', '),
        );
      }
    }
    for (const [phase, b] of Object.entries(paths.workflow.breakdown ?? {})) {
      console.log('');
      console.log(`workflow path, ${phase}: where the time goes (${b.sampled} sampled histories; ms)`);
      console.log(`${'segment'.padEnd(48)}${'p50'.padStart(8)}${'p95'.padStart(8)}`);
      for (const [name, sum] of Object.entries(b.segments)) {
        console.log(`${name.padEnd(48)}${fmt(sum.p50, 1).padStart(8)}${fmt(sum.p95, 1).padStart(8)}`);
      }
    }
    console.log('');
    console.log(`start (spawn → answering, ${o.runtime}): ${JSON.stringify(startupMs)}`);
    for (const [when, m] of Object.entries(memory)) console.log(`memory ${when} (PSS MB): ${JSON.stringify(m)}`);
    for (const t of targets) {
      for (const ph of ['steady', 'burst'] as const) {
        const rep = paths[t.name][ph];
        const byRole = cpuPerDispatchByRole(rep);
        if (byRole) {
          console.log(
            `${t.name} ${ph}: CPU ms per dispatch ${JSON.stringify(byRole)}` +
              (rep?.sqlPerRequest
                ? `, SQL statements per request ${rep.sqlPerRequest.all} (${rep.sqlPerRequest.transactionControl} ` +
                  `begin/commit; PostgreSQL planning ${rep.sqlPerRequest.planMs} ms, running ${rep.sqlPerRequest.execMs} ms)`
                : ''),
          );
        }
      }
    }
    const topSql = paths.workflow.steady?.sqlPerRequest?.top ?? [];
    if (topSql.length) {
      console.log(`workflow steady, statements per request:`);
      for (const [q, n] of topSql.slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${q}`);
    }
    for (const [phase, b] of Object.entries(paths.workflow.breakdown ?? {})) {
      if (!b.counts) continue;
      console.log(
        `workflow ${phase}, per dispatch (median of ${b.sampled} histories): ` +
          Object.entries(b.counts)
            .map(([k, v]) => `${k} ${fmt(v.p50)}`)
            .join(', '),
      );
    }
    for (const st of paths.workflow.mixed?.steps ?? []) {
      console.log(
        `mixed ${st.rate} req/s ${st.passed ? 'pass' : 'FAIL'}: all wave-1 p50/p95 ${fmt(st.report.allSmsMs.p50)}/` +
          `${fmt(st.report.allSmsMs.p95)} ms, accept by link p50/p95 ${fmt(st.accepts.linkMs.p50)}/${fmt(st.accepts.linkMs.p95)} ms, ` +
          `by SMS reply ${fmt(st.accepts.smsReplyMs.p50)}/${fmt(st.accepts.smsReplyMs.p95)} ms, ${st.accepts.doubleTaps} double taps, ` +
          `not one winner ${st.notOneWinner}, CPU ms per request ${fmt(cpuPerDispatch(st.report, WORKFLOW_ROLES), 1)}` +
          (st.sql
            ? `, SQL statements per request ${st.sql.all} (PostgreSQL planning ${st.sql.planMs} ms, running ${st.sql.execMs} ms)`
            : ''),
      );
    }
    const mixedSql = paths.workflow.mixed?.steps[0]?.sql?.top ?? [];
    if (mixedSql.length) {
      console.log(
        `workflow mixed ${paths.workflow.mixed?.steps[0].rate} req/s, statements per request with its accepts:`,
      );
      for (const [q, n] of mixedSql.slice(0, 25)) console.log(`  ${String(n).padStart(5)}  ${q}`);
    }
    for (const [name, prof] of Object.entries(profiles ?? {})) {
      if (!prof) continue;
      for (const [phase, ps] of Object.entries(prof.phases ?? {})) {
        console.log(
          `${name} during ${phase}: ${ps.busyMs} ms sampled; ` +
            ps.topFunctions
              .slice(0, 6)
              .map(([k, v]) => `${k} ${v}`)
              .join('; '),
        );
      }
      console.log('');
      console.log(
        `${name}: ${prof.busyMs} ms of sampled CPU, by package: ` +
          prof.byPackage
            .slice(0, 10)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
      );
      console.log(
        `  top functions: ${prof.topFunctions
          .slice(0, 8)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')}`,
      );
    }
    const problems = [
      ...targets.flatMap((t) => {
        const p = paths[t.name];
        const out: string[] = [];
        for (const [name, rep] of [
          ['steady', p.steady],
          ['burst', p.burst],
        ] as const) {
          if (rep?.errors)
            out.push(`${t.name} ${name}: ${rep.errors} submissions failed (${rep.errorSamples.join('; ')})`);
          if (rep?.incomplete) out.push(`${t.name} ${name}: ${rep.incomplete} requests without all their wave-1 SMS`);
          if (rep?.overDelivered)
            out.push(`${t.name} ${name}: ${rep.overDelivered} requests got more SMS than matched`);
        }
        if (p.accept?.badRounds) out.push(`${t.name} accept: ${p.accept.badRounds} rounds without exactly one winner`);
        for (const st of p.mixed?.steps ?? []) {
          if (st.notOneWinner)
            out.push(`${t.name} mixed ${st.rate} req/s: ${st.notOneWinner} requests without exactly one winner`);
        }
        const phases: [string, { cpuSeconds?: Record<string, number>; wallSeconds?: number } | undefined][] = [
          ['steady', p.steady],
          ['burst', p.burst],
          ['accept', p.accept],
          ...(p.throughput?.steps ?? []).map((st) => [`${st.rate} req/s`, st.report] as [string, LatencyReport]),
          ...(p.mixed?.steps ?? []).map((st) => [`mixed ${st.rate} req/s`, st.report] as [string, LatencyReport]),
        ];
        for (const [name, rep] of phases) {
          const cores = rep?.cpuSeconds && rep.wallSeconds ? (rep.cpuSeconds.other ?? 0) / rep.wallSeconds : 0;
          if (cores > 0.25) {
            out.push(`${t.name} ${name}: other processes used ${cores.toFixed(2)} cores meanwhile: figures disturbed`);
          }
        }
        return out;
      }),
      ...(sink.rejected ? [`the Twilio sink rejected ${sink.rejected} calls`] : []),
    ];
    if (problems.length) {
      console.log('');
      for (const p of problems) console.log(`! ${p}`);
    }

    mkdirSync(RESULTS, { recursive: true });
    const stamp = startedAtIso.replace(/[:.]/g, '-').replace(/Z$/, 'Z');
    const json = JSON.stringify({ ...result, problems }, null, 2) + '\n';
    writeFileSync(path.join(RESULTS, `${stamp}.json`), json);
    writeFileSync(path.join(RESULTS, 'latest.json'), json);
    console.log('');
    log(`written bench/results/${stamp}.json and bench/results/latest.json`);
  } catch (err) {
    console.error(`[bench] failed: ${err instanceof Error ? err.stack : err}`);
    for (const app of apps) console.error(`--- ${app.name} log (tail) ---\n${tailOf(app.logFile)}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

void main();
