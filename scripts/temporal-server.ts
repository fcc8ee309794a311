// The production Temporal parts, built from source with Go where no binary is at hand: the server (what the
// temporalio/server image runs), temporal-sql-tool (what the temporalio/admin-tools image runs to set up the
// schema) and the Web UI server; and a Temporal server started on PostgreSQL with deploy/temporal's config, the
// same files docker-compose.yml mounts. The process proof (tests/production) and the bench run it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { dieWithParent } from './die-with-parent';
import { waitFor } from './services';
import { findGo, onPath, renameOrCopy, run } from './temporal-cli';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1';

const ROOT = path.resolve(__dirname, '..');
/** deploy/temporal: the server config (config/production.yaml), dynamic config and the set-up scripts. */
export const DEPLOY_TEMPORAL_DIR = path.join(ROOT, 'deploy', 'temporal');

/**
 * How the server is started after `--root <the deploy/temporal folder>`: here, and by docker-compose.yml's `temporal`
 * service (tests/unit/docker-compose.test.ts holds them to the same words).
 */
export const TEMPORAL_SERVER_ARGS = ['--config', 'config', '--env', 'production', '--allow-no-auth', 'start'] as const;

type ToolName = 'server' | 'sqlTool' | 'uiServer';

/**
 * Each binary's name here (as the images name them: `go install` names both the server and the UI server
 * `server`, so a build lands in a directory of its own and is renamed), the variable that points at one
 * built elsewhere, and the module it is built from.
 */
const TOOLS: Record<ToolName, { file: string; env: string; module: string; built: string }> = {
  server: {
    file: 'temporal-server',
    env: 'TEMPORAL_SERVER_PATH',
    module: `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
    built: 'server',
  },
  sqlTool: {
    file: 'temporal-sql-tool',
    env: 'TEMPORAL_SQL_TOOL_PATH',
    module: `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
    built: 'sql',
  },
  uiServer: {
    file: 'temporal-ui-server',
    env: 'TEMPORAL_UI_SERVER_PATH',
    module: `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_SERVER_VERSION}`,
    built: 'server',
  },
};

/** Outside the repo, so a fresh clone (CI's) reuses a build made earlier on the same machine. */
export function goBinCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'peer-dispatch', 'gobin');
}

function answersHelp(bin: string): boolean {
  try {
    execFileSync(bin, ['--help'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * One binary: its variable, then PATH, then the user cache, then `go install` into the cache (minutes the first
 * time, with progress). Throws one message listing every route tried.
 */
export async function resolveTemporalTool(name: ToolName, log: (m: string) => void = console.log): Promise<string> {
  const tool = TOOLS[name];
  const tried: string[] = [];
  const fromEnv = process.env[tool.env];
  if (fromEnv) {
    if (answersHelp(fromEnv)) return fromEnv;
    tried.push(`${tool.env}=${fromEnv} (does not run)`);
  }
  const pathBin = onPath(tool.file);
  if (pathBin && answersHelp(pathBin)) return pathBin;
  tried.push(`"${tool.file}" on PATH (${pathBin ? 'does not run' : 'not found'})`);
  const cached = path.join(goBinCacheDir(), tool.file);
  if (existsSync(cached) && answersHelp(cached)) return cached;
  tried.push(`${cached} (not built yet)`);

  const go = findGo();
  if (!go) tried.push('go install (Go is not installed)');
  else {
    log(`Building ${tool.file} (${tool.module}) with Go (first time only; this takes several minutes)…`);
    const gobin = path.join(tmpdir(), `${tool.file}-build-${process.pid}`);
    try {
      mkdirSync(gobin, { recursive: true });
      await run(go, ['install', tool.module], { ...process.env, GOBIN: gobin }, log);
      mkdirSync(goBinCacheDir(), { recursive: true });
      renameOrCopy(path.join(gobin, tool.built), cached);
      log(`${tool.file} built: ${cached}`);
      if (answersHelp(cached)) return cached;
      tried.push('go install (built, but the binary does not run)');
    } catch (err) {
      tried.push(`go install ${tool.module} (${(err as Error).message})`);
    } finally {
      rmSync(gobin, { recursive: true, force: true });
    }
  }
  throw new Error(
    `Could not find or build ${tool.file}. Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
      `Install Go (https://go.dev/dl) or set ${tool.env} to a ${tool.file} binary.`,
  );
}

/**
 * The server module's schema/ folder (what admin-tools carries as /etc/temporal/schema): TEMPORAL_SCHEMA_DIR, else
 * the Go module cache, downloaded there by `go mod download` when absent.
 */
export function resolveTemporalSchemaDir(): string {
  if (process.env.TEMPORAL_SCHEMA_DIR) return process.env.TEMPORAL_SCHEMA_DIR;
  return path.join(goModuleDir(`go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`), 'schema');
}

/**
 * A free port below 32768: Temporal keeps its members' ports in a smallint column (cluster_membership), so a port
 * from the system's ephemeral range (32768 and up, what port 0 hands out) stops the server at start.
 */
export async function freeTemporalPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.unref();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** The Go module cache's copy of a module (downloaded there when absent): `go mod download -json` names it. */
function goModuleDir(module: string): string {
  const go = findGo();
  if (!go) throw new Error(`${module}'s files come from the Go module cache: install Go`);
  const cached = path.join(execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(), module);
  if (existsSync(cached)) return cached;
  // Outside any module, so it reads no go.mod.
  const info = JSON.parse(
    execFileSync(go, ['mod', 'download', '-json', module], { encoding: 'utf8', cwd: tmpdir(), timeout: 600_000 }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? 'no directory'}`);
  return info.Dir;
}

export interface TemporalUi {
  url: string;
  stop(): Promise<void>;
}

/**
 * The Temporal Web UI server on loopback, configured as the temporalio/ui image configures it: the UI module's
 * config/docker.yaml template, read from `env` (deploy/temporal-ui.env plus the addresses).
 */
export async function startTemporalUi(opts: {
  env: Record<string, string>;
  port: number;
  /** A folder of the caller's for the rendered config. */
  dir: string;
  log?: (m: string) => void;
}): Promise<TemporalUi> {
  const bin = await resolveTemporalTool('uiServer', opts.log);
  const template = readFileSync(
    path.join(goModuleDir(`github.com/temporalio/ui-server/v2@${TEMPORAL_UI_SERVER_VERSION}`), 'config', 'docker.yaml'),
    'utf8',
  );
  mkdirSync(path.join(opts.dir, 'config'), { recursive: true });
  // The image listens on every interface of its container; here, loopback only.
  writeFileSync(path.join(opts.dir, 'config', 'docker.yaml'), `${template}\nhost: 127.0.0.1\n`);
  const child = spawn(...dieWithParent(bin, ['--root', opts.dir, '--config', 'config', '--env', 'docker', 'start']), {
    env: { ...process.env, ...opts.env, TEMPORAL_UI_PORT: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const publicPath = opts.env.TEMPORAL_UI_PUBLIC_PATH ?? '';
  const url = `http://127.0.0.1:${opts.port}${publicPath}`;
  await waitFor(
    'the Temporal UI server',
    async () => {
      if (child.exitCode !== null) throw new Error(`temporal-ui-server exited: ${output}`);
      if (!(await fetch(`${url}/healthz`)).ok) throw new Error('not up');
    },
    60_000,
  );
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface TemporalPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The persistence and visibility databases (created when absent). */
  database?: string;
  visibilityDatabase?: string;
}

function runScript(script: string, env: Record<string, string>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [path.join(DEPLOY_TEMPORAL_DIR, script)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} (${script}) exited with ${code}:\n${out}`)),
    );
  });
}

/** deploy/temporal/setup-schema.sh, the job docker-compose runs in the admin-tools image. */
export async function setupTemporalSchema(opts: {
  postgres: TemporalPostgres;
  sqlTool?: string;
  schemaDir?: string;
  log?: (m: string) => void;
}): Promise<void> {
  const pg = opts.postgres;
  await runScript(
    'setup-schema.sh',
    {
      SQL_HOST: pg.host,
      SQL_PORT: String(pg.port),
      SQL_USER: pg.user,
      SQL_PASSWORD: pg.password,
      TEMPORAL_DB: pg.database ?? 'temporal',
      TEMPORAL_VISIBILITY_DB: pg.visibilityDatabase ?? 'temporal_visibility',
      TEMPORAL_SCHEMA_DIR: opts.schemaDir ?? resolveTemporalSchemaDir(),
      TEMPORAL_SQL_TOOL: opts.sqlTool ?? (await resolveTemporalTool('sqlTool', opts.log)),
    },
    'the Temporal schema set-up',
  );
}

/** deploy/temporal/setup-namespace.sh: the namespace with its retention and search attributes, usable. */
export async function setupTemporalNamespace(opts: { cli: string; address: string; namespace?: string }) {
  await runScript(
    'setup-namespace.sh',
    { TEMPORAL_CLI: opts.cli, TEMPORAL_ADDRESS: opts.address, TEMPORAL_NAMESPACE: opts.namespace ?? 'default' },
    'the Temporal namespace set-up',
  );
}

export interface TemporalServer {
  /** host:port of the frontend. */
  address: string;
  /** The running process (replaced by restart()). */
  process(): ChildProcess;
  /** Its output so far (the tail). */
  output(): string;
  stop(): Promise<void>;
  /** Stops it (SIGTERM) and starts it again on the same ports and databases, once it answers. */
  restart(): Promise<void>;
}

/**
 * `temporal-server --env production start` with deploy/temporal/config/production.yaml on the given PostgreSQL
 * (schema already set up: setupTemporalSchema), every port free and on loopback; resolves once the frontend
 * answers. Set up the namespace with setupTemporalNamespace.
 */
export async function startTemporalServer(opts: {
  postgres: TemporalPostgres;
  server?: string;
  frontendPort?: number;
  /** Where the server's output goes as well. */
  logFile?: string;
  log?: (m: string) => void;
}): Promise<TemporalServer> {
  const bin = opts.server ?? (await resolveTemporalTool('server', opts.log));
  const pg = opts.postgres;
  const frontendPort = opts.frontendPort ?? (await freeTemporalPort());
  const ports: Record<string, number> = {};
  for (const name of [
    'TEMPORAL_FRONTEND_MEMBERSHIP_PORT',
    'TEMPORAL_HISTORY_PORT',
    'TEMPORAL_HISTORY_MEMBERSHIP_PORT',
    'TEMPORAL_MATCHING_PORT',
    'TEMPORAL_MATCHING_MEMBERSHIP_PORT',
    'TEMPORAL_WORKER_PORT',
    'TEMPORAL_WORKER_MEMBERSHIP_PORT',
    'TEMPORAL_METRICS_PORT',
  ]) {
    ports[name] = await freeTemporalPort();
  }
  const env: Record<string, string> = {
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(frontendPort),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    POSTGRES_SEEDS: pg.host,
    DB_PORT: String(pg.port),
    POSTGRES_USER: pg.user,
    POSTGRES_PWD: pg.password,
    TEMPORAL_DB: pg.database ?? 'temporal',
    TEMPORAL_VISIBILITY_DB: pg.visibilityDatabase ?? 'temporal_visibility',
    TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(DEPLOY_TEMPORAL_DIR, 'dynamicconfig.yaml'),
  };
  const address = `127.0.0.1:${frontendPort}`;
  const logStream = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<void>;

  const start = async () => {
    child = spawn(...dieWithParent(bin, ['--root', DEPLOY_TEMPORAL_DIR, ...TEMPORAL_SERVER_ARGS]), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      logStream?.write(d);
      output = (output + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const proc = child;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    // An exit (a bad config, a port taken) ends the wait at once, with the server's own words.
    const exitedEarly = exited.then(() => {
      throw new Error(`temporal-server exited (${proc.exitCode ?? proc.signalCode}): ${output.slice(-3000)}`);
    });
    exitedEarly.catch(() => {}); // once running, an exit is the caller's business (stop, restart, a kill)
    try {
      await Promise.race([
        exitedEarly,
        waitFor(
          `the Temporal server on ${address}`,
          async () => {
            if (proc.exitCode !== null) return;
            const connection = await Connection.connect({ address, connectTimeout: 1000 });
            try {
              await connection.workflowService.getSystemInfo({});
              // The system namespace answers once the history shards are owned.
              await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
            } finally {
              await connection.close();
            }
          },
          120_000,
          250,
        ),
      ]);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };

  await start();
  return {
    address,
    process: () => child,
    output: () => output,
    async stop() {
      await stop();
      logStream?.end();
    },
    async restart() {
      await stop();
      await start();
    },
  };
}

/**
 * The whole Temporal side of the production topology on one PostgreSQL: schema, server, namespace with its
 * search attributes (usable when this resolves). What compose's temporal-schema, temporal and temporal-namespace
 * services do, as processes.
 */
export async function startProductionTemporal(opts: {
  postgres: TemporalPostgres;
  /** The Temporal CLI (scripts/temporal-cli.ts resolveTemporalCli) for the namespace set-up. */
  cli: string;
  namespace?: string;
  logFile?: string;
  log?: (m: string) => void;
}): Promise<TemporalServer> {
  await setupTemporalSchema({ postgres: opts.postgres, log: opts.log });
  const server = await startTemporalServer({ postgres: opts.postgres, logFile: opts.logFile, log: opts.log });
  try {
    await setupTemporalNamespace({ cli: opts.cli, address: server.address, namespace: opts.namespace });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
