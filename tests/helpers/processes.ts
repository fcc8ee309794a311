// The production entry points (api/main.ts, workers/main.ts) as processes of their own, the way production
// runs them (`node dist/...`, compiled by `npm run build`, which the suite's global setup runs), on a test
// stack's environment: for tests of signals, kills and load.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { dieWithParent } from '../../scripts/die-with-parent';
import { waitFor } from '../../scripts/services';

const ROOT = path.resolve(__dirname, '../..');
/** Enough of a process's output to explain a failure, without holding a long run's every line. */
const KEEP_OUTPUT_CHARS = 200_000;

export interface EntryProcess {
  child: ChildProcess;
  /** Its stdout and stderr so far (the tail, for long runs). */
  output(): string;
  /** Resolves with the exit code (null after a signal) once it has exited. */
  exited(): Promise<number | null>;
  /** The exit code, waiting at most ms for the exit; fails (naming the bound) if it is still running. */
  exitedWithin(ms: number): Promise<number | null>;
  /** kill -9 of the process and everything it started (its process group). */
  killHard(): void;
}

const running = new Set<EntryProcess>();

export function startEntry(entry: 'api/main.ts' | 'workers/main.ts', env: Record<string, string>): EntryProcess {
  // The compiled entry point, as production runs it; its own process group, so a kill reaches everything it started.
  const compiled = path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
  const child = spawn(...dieWithParent(process.execPath, [compiled]), {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: EntryProcess = {
    child,
    output: () => output,
    exited: () => exit,
    exitedWithin: (ms) =>
      waitFor(
        `${entry} to exit`,
        async () => {
          if (child.exitCode === null && child.signalCode === null) throw new Error('still running');
          return child.exitCode;
        },
        ms,
        50,
      ),
    killHard() {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
  running.add(proc);
  void exit.then(() => running.delete(proc));
  return proc;
}

/** api/main.ts on env.PORT, once it answers /healthz. */
export async function startApiEntry(env: Record<string, string>): Promise<EntryProcess> {
  const api = startEntry('api/main.ts', env);
  await waitFor(
    'the API process',
    async () => {
      if (!(await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).ok) throw new Error('not up');
    },
    60_000,
  );
  return api;
}

/** For afterAll: nothing a test started outlives it. */
export function killAllEntries(): void {
  for (const proc of running) proc.killHard();
}
