// `npm start`: the whole system on one machine with no set-up. Embedded Postgres, the Temporal dev server
// (with its Web UI), local Twilio and SMTP sinks, the worker and the API; data kept under .data/.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../api/auth/passwords';
import { createDb, createStores, migrateLatest } from '../db';
import { DEMO_COORDINATOR_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seedDemoWorkspace } from '../db/seed/demo-workspace';
import { demoSeedDecision } from '../domain/demo';
import { freePort, waitFor } from './services';
import { startSmtpSink, type SmtpSink } from './sinks/smtp-sink';
import { resolveTemporalCli } from './temporal-cli';

const ROOT = path.resolve(__dirname, '..');
// DEV_DATA_DIR: another data directory (the test of this script runs its own stack beside a developer's).
const DATA = path.resolve(process.env.DEV_DATA_DIR ?? path.join(ROOT, '.data'));
const log = (m: string) => console.log(`[start] ${m}`);

/** Secrets made once per machine and kept, so encrypted fields stay readable across restarts. */
function localSecrets(): { sessionSecret: string; dataKey: string; twilioToken: string } {
  const file = path.join(DATA, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    sessionSecret: randomBytes(32).toString('hex'),
    dataKey: randomBytes(32).toString('hex'),
    twilioToken: randomBytes(16).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function portOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => freePort().then(resolve));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(preferred)));
  });
}

/** A process the dev stack started, and how to stop it in its turn. */
interface Part {
  name: string;
  child: ChildProcess;
  /** Asks for a clean stop (a signal, or a message to a keeper); the wait for the exit is stopPart's. */
  ask(): void;
}

/**
 * Every part runs in a process group of its own (detached), so a terminal's Ctrl-C, which signals the whole
 * foreground group, reaches only this process, and it stops the parts in order. Each has an IPC channel: when this
 * process is gone, however it ended (SIGKILL included), the kernel closes the channel and the part stops itself
 * (scripts/service-keeper.ts, api/main.ts and workers/main.ts listen for 'disconnect').
 */
function spawnPart(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI would sit between us and the part, holding the IPC channel itself.
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A service keeper (PostgreSQL or Temporal), once it reports the service ready. */
async function startKept<T>(kind: 'postgres' | 'temporal', options: object, env: NodeJS.ProcessEnv) {
  const child = spawnPart('scripts/service-keeper.ts', [kind, JSON.stringify(options)], env);
  const ready = await new Promise<T>((resolve, reject) => {
    child.on('message', (m: { ready?: T; failed?: string }) => {
      if (m.ready) resolve(m.ready);
      if (m.failed) reject(new Error(m.failed));
    });
    child.once('exit', (code) => reject(new Error(`the ${kind} keeper exited (${code}) before its service was ready`)));
  });
  const part: Part = { name: kind, child, ask: () => child.connected && child.send({ stop: true }) };
  return { ready, part };
}

async function main() {
  mkdirSync(DATA, { recursive: true });
  const env = process.env;
  const stops: Array<() => Promise<void>> = [];
  // Stopped in this order: the API (no new HTTP), the worker (it finishes the activities in flight), the sinks and
  // our own database pool, Temporal, PostgreSQL last. The order is fixed here, not by the order of starting.
  const parts: { api?: Part; worker?: Part; temporal?: Part; postgres?: Part } = {};
  let stopping = false;

  async function stopPart(part: Part | undefined) {
    if (!part) return;
    const gone = exited(part.child);
    part.ask();
    await gone;
  }

  async function stopAll(code: number) {
    if (stopping) return;
    stopping = true;
    log('stopping (Ctrl-C again to force)…');
    await stopPart(parts.api);
    if (parts.worker) log('letting the worker finish what it is doing…');
    await stopPart(parts.worker);
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await stopPart(parts.temporal);
    await stopPart(parts.postgres);
    log('stopped.');
    process.exit(code);
  }

  /** A second Ctrl-C: kill every part's whole process group now. */
  function force() {
    log('forcing the stop');
    for (const part of Object.values(parts)) {
      if (part?.child.pid && part.child.exitCode === null && part.child.signalCode === null) {
        try {
          process.kill(-part.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    process.exit(130);
  }

  // One Ctrl-C can arrive more than once: the terminal signals the whole foreground group, and `npm start` forwards
  // the signal it got to us as well. A repeat within this window is that same Ctrl-C; a later one is a second press.
  const SAME_PRESS_MS = 2_000;
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        void stopAll(0);
      } else if (Date.now() - firstSignalAt > SAME_PRESS_MS) force();
    });

  /** A part that ends on its own (a crash) takes the stack down with it. */
  function watch(part: Part) {
    part.child.once('exit', (code) => {
      if (!stopping) {
        log(`${part.name} exited (${code}); stopping everything`);
        void stopAll(1);
      }
    });
    return part;
  }

  const secrets = localSecrets();
  const port = Number(env.PORT ?? 3000);
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  const preferred = (name: string, fallback: number) => portOr(Number(env[name] ?? fallback));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log(`starting embedded Postgres (data in ${path.join(DATA, 'postgres')})…`);
    const pg = await startKept<{ url: string }>(
      'postgres',
      { dataDir: path.join(DATA, 'postgres'), port: await preferred('DEV_POSTGRES_PORT', 54329), database: 'dispatch' },
      env,
    );
    parts.postgres = watch(pg.part);
    databaseUrl = pg.ready.url;
  }

  let temporalAddress = env.TEMPORAL_ADDRESS;
  let temporalUi = env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const cli = await resolveTemporalCli(ROOT, log);
    log(`starting the Temporal dev server (state in ${path.join(DATA, 'temporal.db')})…`);
    const uiPort = await preferred('DEV_TEMPORAL_UI_PORT', 8233);
    const temporal = await startKept<{ address: string; uiUrl?: string }>(
      'temporal',
      {
        cli,
        port: await preferred('DEV_TEMPORAL_PORT', 7233),
        uiPort,
        dbFile: path.join(DATA, 'temporal.db'),
        // The Web UI decodes the encrypted payloads through the API (coordinators only, see api/codec/routes.ts).
        extraArgs: ['--ui-codec-endpoint', `${publicBaseUrl}/codec`],
      },
      env,
    );
    parts.temporal = watch(temporal.part);
    temporalAddress = temporal.ready.address;
    // On the app's host name: the coordinator's session cookie (SameSite=Lax) reaches the codec endpoint
    // only from the same site, and the endpoint's CORS allows exactly this origin.
    const host = new URL(publicBaseUrl).hostname;
    temporalUi = ['localhost', '127.0.0.1'].includes(host) ? `http://${host}:${uiPort}` : temporal.ready.uiUrl;
  }

  const db = createDb(databaseUrl);
  stops.push(() => db.destroy());
  await migrateLatest(db);
  const stores = createStores(db, Buffer.from(env.DATA_KEY ?? secrets.dataKey, 'hex'));
  // Only a machine that sends nothing for real gets the demo and its known password.
  const demo = demoSeedDecision(env);
  if (demo.seed && (await seedDemoWorkspace(stores, await hashPassword(DEMO_PASSWORD))))
    log('seeded the demo workspace');
  if (!demo.seed) log(`no demo workspace: ${demo.reason}. Create your team with: npm run admin -- create-workspace`);

  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    const smtp: SmtpSink = await startSmtpSink(stores.devOutbox, await preferred('DEV_SMTP_PORT', 2525));
    stops.push(() => smtp.close());
    smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
  }

  const usingLocalTwilio = !env.TWILIO_ACCOUNT_SID;
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_URL: temporalUi,
    PUBLIC_BASE_URL: publicBaseUrl,
    PORT: String(port),
    SMTP_URL: smtpUrl,
    MAIL_FROM: env.MAIL_FROM ?? 'Peer Dispatch <dispatch@localhost>',
    SESSION_SECRET: env.SESSION_SECRET ?? secrets.sessionSecret,
    DATA_KEY: env.DATA_KEY ?? secrets.dataKey,
    ...(usingLocalTwilio
      ? {
          TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
          TWILIO_AUTH_TOKEN: secrets.twilioToken,
          TWILIO_FROM: '+15005550006',
          TWILIO_API_BASE: `http://127.0.0.1:${port}/dev/twilio`,
          DEV_SINKS: '1',
        }
      : {}),
  };

  for (const [name, entry] of [
    ['worker', 'workers/main.ts'],
    ['api', 'api/main.ts'],
  ] as const) {
    const child = spawnPart(entry, [], childEnv);
    parts[name] = watch({ name, child, ask: () => child.kill('SIGTERM') });
  }

  await waitFor(
    'the API',
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (!res.ok) throw new Error(`status ${res.status}`);
    },
    120_000,
    500,
  );

  console.log(`
  Peer Dispatch is running.

    App:            ${publicBaseUrl}/
    Temporal UI:    ${temporalUi ?? '(external Temporal)'}
    Dev outbox:     ${usingLocalTwilio ? `${publicBaseUrl}/dev/outbox` : '(real Twilio configured)'}
${
  demo.seed
    ? `    Request form:   ${publicBaseUrl}/w/${DEMO_SLUG}/request

    Demo login:     ${DEMO_COORDINATOR_EMAIL} / ${DEMO_PASSWORD}
                    (counselors: anna@demo.example, boris@demo.example, … same password)`
    : `    No demo (${demo.reason}): npm run admin -- create-workspace makes your team.`
}

  Ctrl-C stops everything in order (the worker finishes what it is sending first);
  data stays in ${DATA} for the next start.
`);
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
