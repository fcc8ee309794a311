// A process that started services is killed with SIGKILL (jest killed by a CI timeout, `kill -9` of `npm start`): the
// services it started go with it (scripts/die-with-parent.ts) instead of piling up on the machine. Here a Node process
// starts the Temporal dev server and PostgreSQL through scripts/services.ts, the code the suite's global set-up, the
// dev stack's keepers and the production proof's PostgreSQL use, and is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../../scripts/services';

const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(180_000);

/** The intermediate process: starts both services, prints their pids as one JSON line, and stays. */
const STARTER = `
const { readFileSync } = require('node:fs');
const { startPostgres, startTemporal } = require('./scripts/services.ts');
(async () => {
  const [temporal] = await Promise.all([
    startTemporal({ cli: process.env.STARTER_TEMPORAL_CLI }),
    startPostgres({ dataDir: process.env.STARTER_PG_DIR }),
  ]);
  // The postmaster's pid, as PostgreSQL itself records it.
  const postgres = Number(readFileSync(process.env.STARTER_PG_DIR + '/postmaster.pid', 'utf8').split('\\n')[0]);
  process.stdout.write(JSON.stringify({ temporal: temporal.process.pid, postgres }) + '\\n');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'die-with-parent-'));
chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the suite runs as root
const pgDir = path.join(dir, 'pg');
let starter: ChildProcess | undefined;
const servicePids: number[] = [];

/** Running: /proc has it and it is not a zombie (an orphan's zombie waits for whoever reaps it; it runs nothing). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
}

afterAll(async () => {
  if (starter?.exitCode === null && starter.signalCode === null) starter.kill('SIGKILL');
  // What the fix is for, done by hand when it did not work: nothing of this test outlives it.
  for (const pid of servicePids.filter(running)) process.kill(pid, 'SIGKILL');
  await waitFor('the services to be gone before their data goes', async () => {
    if (servicePids.some(running)) throw new Error('still running');
  });
  rmSync(dir, { recursive: true, force: true });
});

// Linux, as the suite's machines are: the parent-death signal is Linux's (scripts/die-with-parent.ts).
it('a SIGKILL of the process that started the Temporal dev server and PostgreSQL stops them too', async () => {
  const cli = process.env.TEST_TEMPORAL_CLI;
  if (!cli) throw new Error('TEST_TEMPORAL_CLI is set by the global set-up');
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', STARTER], {
    cwd: ROOT,
    env: { ...process.env, STARTER_TEMPORAL_CLI: cli, STARTER_PG_DIR: pgDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  starter = child;
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const pids = await waitFor(
    'the starter to report its services',
    async () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) return JSON.parse(line) as { temporal: number; postgres: number };
      if (child.exitCode !== null) throw new Error(`the starter exited (${child.exitCode})`);
      throw new Error('not yet');
    },
    120_000,
    100,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${err}`);
  });
  servicePids.push(pids.temporal, pids.postgres);
  expect(running(pids.temporal)).toBe(true);
  expect(running(pids.postgres)).toBe(true);
  // The pid a spawn reports is the service's own (setpriv execs it), so its stop() and kills reach the service.
  expect(commandOf(pids.temporal)).toContain('start-dev');
  expect(commandOf(pids.postgres)).toContain(pgDir);

  child.kill('SIGKILL');
  await waitFor(
    'the Temporal dev server and PostgreSQL to stop after their starter was killed',
    async () => {
      const left = servicePids.filter(running).map((pid) => `${pid} ${commandOf(pid)}`);
      if (left.length) throw new Error(`still running: ${left.join('; ')}`);
    },
    30_000,
    100,
  );
  // PostgreSQL shut down (fast), not merely died: its pid file is removed by a clean shutdown only.
  expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
});
