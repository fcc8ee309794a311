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
import {
  freePort,
  startPostgres,
  startTemporal,
  waitFor,
  type PostgresService,
  type TemporalService,
} from './services';
import { startSmtpSink, type SmtpSink } from './sinks/smtp-sink';
import { resolveTemporalCli } from './temporal-cli';

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, '.data');
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

async function main() {
  mkdirSync(DATA, { recursive: true });
  const env = process.env;
  const stops: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  let stopping = false;

  async function stopAll(code: number) {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    for (const stop of stops.reverse()) await stop().catch(() => {});
    log('stopped.');
    process.exit(code);
  }
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const secrets = localSecrets();
  const port = Number(env.PORT ?? 3000);
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log('starting embedded Postgres (data in .data/postgres)…');
    const pgService: PostgresService = await startPostgres({
      dataDir: path.join(DATA, 'postgres'),
      port: await portOr(54329),
      log,
    });
    stops.push(() => pgService.stop());
    await pgService.createDatabase('dispatch');
    databaseUrl = pgService.url('dispatch');
  }

  let temporalAddress = env.TEMPORAL_ADDRESS;
  let temporalUi = env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const cli = await resolveTemporalCli(ROOT, log);
    log('starting the Temporal dev server (state in .data/temporal.db)…');
    const uiPort = await portOr(8233);
    const temporal: TemporalService = await startTemporal({
      cli,
      port: await portOr(7233),
      uiPort,
      dbFile: path.join(DATA, 'temporal.db'),
      // The Web UI decodes the encrypted payloads through the API (coordinators only, see api/codec/routes.ts).
      extraArgs: ['--ui-codec-endpoint', `${publicBaseUrl}/codec`],
      log,
    });
    stops.push(() => temporal.stop());
    temporalAddress = temporal.address;
    // On the app's host name: the coordinator's session cookie (SameSite=Lax) reaches the codec endpoint
    // only from the same site, and the endpoint's CORS allows exactly this origin.
    const host = new URL(publicBaseUrl).hostname;
    temporalUi = ['localhost', '127.0.0.1'].includes(host) ? `http://${host}:${uiPort}` : temporal.uiUrl;
  }

  const db = createDb(databaseUrl);
  await migrateLatest(db);
  const stores = createStores(db, Buffer.from(env.DATA_KEY ?? secrets.dataKey, 'hex'));
  // Only a machine that sends nothing for real gets the demo and its known password.
  const demo = demoSeedDecision(env);
  if (demo.seed && (await seedDemoWorkspace(stores, await hashPassword(DEMO_PASSWORD))))
    log('seeded the demo workspace');
  if (!demo.seed) log(`no demo workspace: ${demo.reason}. Create your team with: npm run admin -- create-workspace`);

  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    const smtp: SmtpSink = await startSmtpSink(stores.outbox, await portOr(2525));
    stops.push(() => smtp.close());
    smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
  }
  stops.push(() => db.destroy());

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

  const tsx = require.resolve('tsx/cli');
  for (const [name, entry] of [
    ['worker', 'workers/main.ts'],
    ['api', 'api/main.ts'],
  ] as const) {
    const child = spawn(process.execPath, [tsx, entry], { cwd: ROOT, env: childEnv, stdio: 'inherit' });
    child.once('exit', (code) => {
      if (!stopping) {
        log(`${name} exited (${code}); stopping everything`);
        void stopAll(1);
      }
    });
    children.push(child);
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

  Ctrl-C stops everything; data stays in .data/ for the next start.
`);
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
