// The bench's own stack: the dev server with extra flags and a log file, the app processes
// (started as production starts them: `node dist/<entry>.js` with env vars, compiled by `npm run build`;
// `--runtime tsx` runs the sources through tsx as before, for comparison), and CPU and memory accounting per
// component from /proc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dieWithParent } from '../scripts/die-with-parent';
import { startTemporal, type PostgresService, type TemporalService } from '../scripts/services';
import { startProductionTemporal, TEMPORAL_SERVER_VERSION } from '../scripts/temporal-server';

/** The dev server for the bench: headless, with its stderr kept in a log file and any extra flags. */
export function startTemporalBench(opts: {
  cli: string;
  port: number;
  dynamicConfig?: readonly string[];
  logFile: string;
}): Promise<TemporalService> {
  return startTemporal(opts);
}

/** The Temporal server under test: the CLI's dev server, or the production server on PostgreSQL. */
export interface BenchTemporal {
  address: string;
  pid: number | undefined;
  stop(): Promise<void>;
  describe: string;
}

/** The CLI's dev server as the Temporal under test, on a free port, named by its version. */
export async function startDevTemporalBench(opts: {
  cli: string;
  dynamicConfig: readonly string[];
  logFile: string;
}): Promise<BenchTemporal> {
  const dev = await startTemporal(opts);
  return {
    address: dev.address,
    pid: dev.process.pid,
    stop: () => dev.stop(),
    describe: `${execFileSync(opts.cli, ['--version'], { encoding: 'utf8' }).trim()} (dev server)`,
  };
}

/**
 * The production topology's Temporal: the Go-built server (v1.29.1) with deploy/temporal's config and dynamic
 * config, its schema set up by temporal-sql-tool, on the bench's PostgreSQL (databases of its own), so the postgres
 * column carries Temporal's persistence too.
 */
export async function startProductionTemporalBench(
  pg: PostgresService,
  opts: { cli: string; logFile: string; log: (m: string) => void },
): Promise<BenchTemporal> {
  const u = new URL(pg.url('postgres'));
  const server = await startProductionTemporal({
    postgres: {
      host: u.hostname,
      port: Number(u.port),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
    },
    ...opts,
  });
  return {
    address: server.address,
    pid: server.process().pid,
    stop: () => server.stop(),
    describe: `temporal-server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (deploy/temporal)`,
  };
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export type Runtime = 'node' | 'tsx';

/**
 * `node dist/<entry>.js` (runtime node, as production) or `node <tsx cli> <entry>.ts` (runtime tsx) in the
 * project root with this environment; output goes to a log file.
 */
export function spawnApp(
  name: string,
  root: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  opts: { cpuProfileDir?: string; runtime?: Runtime } = {},
): AppProcess {
  const out = createWriteStream(logFile);
  const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  // Profiling under tsx: one node process with tsx as a loader (the tsx CLI would profile only its launcher).
  const args =
    opts.runtime === 'tsx'
      ? profile.length
        ? [...profile, '--import', 'tsx', entry]
        : [require.resolve('tsx/cli'), entry]
      : [...profile, path.join(root, 'dist', entry.replace(/\.ts$/, '.js'))];
  // Dies with the bench, however it ends (a bench killed mid-run would otherwise leave its API and worker running).
  const child = spawn(...dieWithParent(process.execPath, args), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
        await exited;
        clearTimeout(timer);
      }
      out.end();
    },
  };
}

export function tailOf(file: string, chars = 2000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}

// ---- CPU accounting ----------------------------------------------------------------------------------------

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcs(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is state (field 3); utime and stime are fields 14 and 15, cutime/cstime 16 and 17.
      const ppid = Number(fields[1]);
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      out.push({ pid: Number(entry), ppid, comm, ticks });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU seconds used so far by each component: every descendant of this process is counted under the nearest
 * ancestor that has a role (temporal, api, worker, direct); postgres backends under "postgres"; the rest "bench".
 * Includes the CPU of children that already exited (cutime/cstime).
 */
export function cpuSnapshot(roles: Map<number, string>): Record<string, number> {
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const totals: Record<string, number> = {};
  const roleOf = (p: ProcStat): string | undefined => {
    let cur: ProcStat | undefined = p;
    for (let depth = 0; cur && depth < 20; depth++) {
      const role = roles.get(cur.pid);
      if (role) return role;
      if (cur.pid === process.pid) return cur === p ? 'bench' : p.comm === 'postgres' ? 'postgres' : 'bench';
      cur = byPid.get(cur.ppid);
    }
    return undefined;
  };
  for (const p of procs) {
    const role = roleOf(p);
    if (!role) continue;
    totals[role] = (totals[role] ?? 0) + p.ticks / TICKS_PER_SECOND;
  }
  totals.machine = machineBusySeconds();
  return totals;
}

/** Busy CPU seconds of the whole machine (all cores) since boot, from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.slice(0, 8).map(Number); // user nice system idle iowait irq softirq steal
  return (n.reduce((s, v) => s + v, 0) - n[3] - n[4]) / TICKS_PER_SECOND;
}

/**
 * CPU seconds per component between two snapshots, and "other": what the rest of the machine used meanwhile
 * (other people's processes on a shared machine). A large "other" means the figures of that phase are disturbed.
 */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  let ours = 0;
  for (const k of Object.keys(after)) {
    out[k] = Math.round(((after[k] ?? 0) - (before[k] ?? 0)) * 100) / 100;
    if (k !== 'machine') ours += out[k];
  }
  out.other = Math.max(0, Math.round((out.machine - ours) * 100) / 100);
  return out;
}

// ---- memory accounting -------------------------------------------------------------------------------------

/** Proportional set size (kB) of a process: shared pages split among their users (fair to Postgres' backends). */
function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // gone, or no smaps_rollup: fall back to RSS
  }
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory (MB, PSS) per component now: every process of a role and its descendants, as cpuSnapshot groups them. */
export function memorySnapshot(roles: Map<number, string>): Record<string, number> {
  const procs = readProcs();
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const totals: Record<string, number> = {};
  for (const p of procs) {
    let role: string | undefined;
    let cur: ProcStat | undefined = p;
    for (let depth = 0; cur && depth < 20 && !role; depth++) {
      role = roles.get(cur.pid);
      if (!role && cur.pid === process.pid) role = p.comm === 'postgres' ? 'postgres' : cur === p ? 'bench' : undefined;
      cur = byPid.get(cur.ppid);
    }
    if (!role || role === 'bench') continue;
    totals[role] = (totals[role] ?? 0) + pssKb(p.pid) / 1024;
  }
  for (const k of Object.keys(totals)) totals[k] = Math.round(totals[k]);
  return totals;
}

/** Samples memory every intervalMs until stopped; keeps the highest total per component. */
export function memoryPeaks(roles: Map<number, string>, intervalMs = 1000) {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [k, v] of Object.entries(memorySnapshot(roles))) peak[k] = Math.max(peak[k] ?? 0, v);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop(): Record<string, number> {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}
