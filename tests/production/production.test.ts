// The production topology of docker-compose.yml, run as processes on this machine with deploy/'s files: PostgreSQL
// with the app's, Temporal's and the visibility databases; Temporal's schema set up by temporal-sql-tool; the
// Temporal server (built from go.temporal.io/server) on deploy/temporal's config; the namespace and its search
// attributes; migrations once; two API replicas (NODE_ENV=production, deploy/app.env) behind Caddy with TLS
// (deploy/caddy/Caddyfile, Caddy's own CA trusted by this client); two workers; the read-only Temporal UI behind
// the API's sign-in. Then a request through Caddy is dispatched, an accept through one replica shows live on a
// board streamed from the other, and during a 200-request load one replica and one worker are killed with kill -9
// and the Temporal server is restarted: afterwards every request has exactly one winner and every message is at
// the sinks exactly once. Twilio is the dev sink in a process of its own (the replicas run as in production,
// where the sinks cannot be turned on); email goes to the SMTP sink here.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, createStores, migrateLatest, type Stores, type User, type Workspace } from '../../db';
import { DEPLOY_FILES, readEnvFile } from '../../scripts/deploy-files';
import { freePort } from '../../scripts/services';
import { startSmtpSink, type SmtpSink } from '../../scripts/sinks/smtp-sink';
import {
  startProductionTemporal,
  startTemporalUi,
  type TemporalServer,
  type TemporalUi,
} from '../../scripts/temporal-server';
import { closeHttpsAgents, httpsRequest, startCaddy, type CaddyProcess } from '../helpers/caddy';
import { startPostgresProcess, type PostgresProcess } from '../helpers/postgres-process';
import { killAllEntries, startApiEntry, startEntry, type EntryProcess } from '../helpers/processes';
import { openSse } from '../helpers/sse';
import {
  FAST_POLICY,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  untilScheduled,
  waitFor,
} from '../helpers/stack';

const REQUESTS = Number(process.env.PROOF_REQUESTS ?? 200);
const SECONDS = Number(process.env.PROOF_SECONDS ?? 40);
const POOL = 6;
const ACCEPTERS = 10;
/** A bound for a stuck request, not a speed target: the machine is shared and the load has a restart in it. */
const STUCK_MS = 480_000;

let dir: string;
let pg: PostgresProcess;
let temporal: TemporalServer;
let ui: TemporalUi;
let caddy: CaddyProcess;
let smtp: SmtpSink;
let db: Knex;
let stores: Stores;
let ws: Workspace;
let coordinator: User;
let pool: User[];
const apiPorts: number[] = [];
let replicas: EntryProcess[] = [];
let workers: EntryProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dispatch-production-'));
  chmodSync(dir, 0o755); // Postgres runs as its own user when the suite runs as root
  const pgPort = await freePort();
  pg = await startPostgresProcess(path.join(dir, 'pg'), pgPort);
  // What compose's temporal-schema, temporal and temporal-namespace services do.
  temporal = await startProductionTemporal({
    postgres: { host: '127.0.0.1', port: pgPort, user: 'dispatch', password: 'dispatch-local' },
    cli: process.env.TEST_TEMPORAL_CLI as string,
    logFile: path.join(dir, 'temporal.log'),
  });
  // What compose's migrate service does, once.
  db = createDb(pg.url, { max: 10 });
  await migrateLatest(db);
  const dataKey = randomBytes(32).toString('hex');
  stores = createStores(db, Buffer.from(dataKey, 'hex'));
  smtp = await startSmtpSink(stores.devOutbox);

  const [caddyPort, uiPort, sinkPort, api1, api2] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  apiPorts.push(api1, api2);
  const publicBaseUrl = `https://localhost:${caddyPort}`;
  ui = await startTemporalUi({
    env: {
      ...readEnvFile(DEPLOY_FILES.temporalUiEnv),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_CODEC_ENDPOINT: `${publicBaseUrl}/codec`,
      TEMPORAL_CORS_ORIGINS: publicBaseUrl,
    },
    port: uiPort,
    dir: path.join(dir, 'ui'),
  });
  caddy = await startCaddy({
    dir: path.join(dir, 'caddy'),
    httpsPort: caddyPort,
    apiPorts,
    uiUpstream: `127.0.0.1:${uiPort}`,
  });

  // Every API and worker process: deploy/app.env, plus the addresses and secrets compose would give them.
  const env: Record<string, string> = {
    ...readEnvFile(DEPLOY_FILES.appEnv),
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: `${publicBaseUrl}/temporal`,
    PUBLIC_BASE_URL: publicBaseUrl,
    TWILIO_ACCOUNT_SID: 'AC' + randomBytes(16).toString('hex'),
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE: `http://127.0.0.1:${sinkPort}/dev/twilio`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Peer Dispatch <dispatch@test.local>',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATA_KEY: dataKey,
    HOST: '127.0.0.1',
    // The image's bundle is built at image build time; here the suite's, built once by the global setup.
    WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE as string,
    LOG_LEVEL: 'warn',
    // The load comes from one address, faster than people: the per-address intake limit (which TRUST_PROXY makes
    // count visitors behind Caddy, tests/api/lockdown.test.ts) would refuse it after 30.
    INTAKE_RATE_LIMIT: '0',
  };
  expect(env.NODE_ENV).toBe('production');
  const [sink, ...apis] = await Promise.all([
    // Twilio's stand-in: the dev sink, in a process that is not part of the deployment (it posts delivery receipts
    // to PUBLIC_BASE_URL through Caddy, trusting Caddy's CA).
    startApiEntry({
      ...env,
      NODE_ENV: 'test',
      DEV_SINKS: '1',
      PORT: String(sinkPort),
      NODE_EXTRA_CA_CERTS: caddy.rootCaFile,
    }),
    ...apiPorts.map((port) => startApiEntry({ ...env, PORT: String(port) })),
  ]);
  replicas = apis;
  workers = [startEntry('workers/main.ts', env), startEntry('workers/main.ts', env)];
  expect(sink.child.exitCode).toBeNull();
  // Caddy sends traffic to a replica once its health check has passed (every 5 s).
  await waitFor(
    'Caddy to reach the API replicas',
    async () => {
      const res = await httpsRequest(caddy.rootCa, `${caddy.url}/readyz`);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    },
    60_000,
    250,
  );

  // The team: the admin command's job when it lands; the seed helpers meanwhile.
  ws = await createWorkspace(stores, { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '20m' }], holdOpen: '1h' });
  coordinator = await createStaff(stores, ws, 'coordinator');
  pool = await Promise.all(Array.from({ length: POOL }, () => createCounselor(stores, ws, { languages: ['en'] })));
}, 600_000);

afterAll(async () => {
  killAllEntries();
  closeHttpsAgents();
  await caddy?.stop();
  await ui?.stop();
  await temporal?.stop();
  await smtp?.close();
  await db?.destroy();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

const viaCaddy = (urlPath: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  httpsRequest(caddy.rootCa, `${caddy.url}${urlPath}`, opts);

const submit = (email: string) =>
  viaCaddy('/api/requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: ws.slug, language: 'en', topic: 'general', email, safety: 'no' }),
  });

/** Once every offer of a request is handed to the sink: the offers with the token of each counselor's link. */
async function offersOut(requestId: string) {
  return waitFor(
    `the offers of ${requestId}`,
    async () => {
      const sent = await db('notifications as n')
        .join('dev_outbox as o', 'o.provider_id', 'n.provider_id')
        .where({ 'n.request_id': requestId, 'n.channel': 'sms', 'n.status': 'sent' })
        .where('n.purpose', 'like', 'offer-%')
        .select('n.user_id', 'o.body');
      if (sent.length < POOL) throw new Error(`${sent.length} of ${POOL}`);
      return sent.map((s) => ({
        counselorId: s.user_id as string,
        token: /\/o\/([A-Za-z0-9_-]{22})/.exec(s.body as string)?.[1] as string,
      }));
    },
    STUCK_MS,
    250,
  );
}

/** Where the requests without their after-win messages stopped (ids, event types and ledger states only). */
async function whereStuck(ids: string[]): Promise<string> {
  const done = new Set(
    (await db('request_events').whereIn('request_id', ids).where({ type: 'after-win-sent' }).select('request_id')).map(
      (r) => r.request_id as string,
    ),
  );
  const stuck = ids.filter((id) => !done.has(id)).slice(0, 3);
  const lines = await Promise.all(
    stuck.map(async (id) => {
      const events = (await db('request_events').where({ request_id: id }).orderBy('id')).map((e) => e.type);
      const sends = (await db('notifications').where({ request_id: id }).orderBy('id')).map(
        (n) => `${n.purpose}/${n.channel}:${n.status}x${n.attempts}`,
      );
      const offers = (await db('offers').where({ request_id: id })).map((o) => o.status);
      // What the API replicas and the workers said about it (their logs carry ids, never personal data).
      const said = [...replicas, ...workers].flatMap((p, n) =>
        p
          .output()
          .split('\n')
          .filter((l) => l.includes(id))
          .map((l) => `\n    [${n < replicas.length ? `api${n}` : `worker${n - replicas.length}`}] ${l.slice(0, 300)}`),
      );
      return `\n  ${id}: events ${events.join(',')}; sends ${sends.join(' ')}; offers ${offers.join(',')}; winners ${await winners(id)}; accepts ${(acceptAnswers.get(id) ?? []).join(',')}${said.join('')}`;
    }),
  );
  return lines.join('');
}

/** Every answer an accept got, per request: for a reader of a failure. */
const acceptAnswers = new Map<string, string[]>();

const winners = async (requestId: string) =>
  Number((await db('assignments').where({ request_id: requestId }).count({ n: '*' }))[0].n);

it('dispatches a request submitted through Caddy over TLS', async () => {
  const res = await submit('first@example.org');
  expect(res.status).toBe(201);
  const { id } = JSON.parse(res.body) as { id: string };
  const offers = await offersOut(id);
  expect(new Set(offers.map((o) => o.counselorId))).toEqual(new Set(pool.map((c) => c.id)));
  // The link in the SMS is the public address, through Caddy.
  const [sms] = await stores.devOutbox.list({ to: pool[0].phone as string, kind: 'sms' });
  expect(sms.body).toContain(`${caddy.url}/o/`);
  // The dev sinks are not part of the deployment: Caddy refuses them, the replicas do not have them.
  expect((await viaCaddy('/dev/outbox')).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${apiPorts[0]}/dev/outbox`)).status).toBe(404);
});

it('shows an accept through one API replica live on a board streamed from the other', async () => {
  const res = await submit('board@example.org');
  const { id } = JSON.parse(res.body) as { id: string };
  const [offer] = await offersOut(id);
  const { cookie } = await loginSession(`http://127.0.0.1:${apiPorts[1]}`, coordinator.email);
  const board = await openSse(`http://127.0.0.1:${apiPorts[1]}/board/events`, { cookie });
  try {
    expect(board.status).toBe(200);
    const accepted = await fetch(`http://127.0.0.1:${apiPorts[0]}/o/${offer.token}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    const winner = pool.find((c) => c.id === offer.counselorId) as User;
    await board.next(
      (m) =>
        m.event === 'rows' &&
        (JSON.parse(m.data) as { rows: { id: string; html: string }[] }).rows.some(
          (r) => r.id === id && r.html.includes('data-phase="assigned"') && r.html.includes(winner.name),
        ),
      60_000,
      'the request assigned, on the other replica',
    );
  } finally {
    board.close();
  }
});

it('lets only signed-in coordinators into the read-only Temporal UI, through Caddy', async () => {
  const signedOut = await viaCaddy('/temporal/');
  expect(signedOut.status).toBe(303);
  expect(signedOut.headers.location).toBe('/login');
  const counselor = await loginSession(`http://127.0.0.1:${apiPorts[1]}`, pool[0].email);
  expect((await viaCaddy('/temporal/', { headers: { cookie: counselor.cookie } })).status).toBe(403);
  const { cookie } = await loginSession(`http://127.0.0.1:${apiPorts[1]}`, coordinator.email);
  const page = await viaCaddy('/temporal/', { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(page.body).toMatch(/<html/i);
  const settings = JSON.parse((await viaCaddy('/temporal/api/v1/settings', { headers: { cookie } })).body) as Record<
    string,
    unknown
  >;
  expect(settings.DisableWriteActions).toBe(true);
  expect((settings.Codec as { Endpoint: string }).Endpoint).toBe(`${caddy.url}/codec`);
  // The codec endpoint behind the same door: the coordinator's cookie decodes, nobody else's.
  const payloads = JSON.stringify({ payloads: [] });
  const codec = (headers: Record<string, string>) =>
    viaCaddy('/codec/decode', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payloads,
    });
  expect((await codec({ cookie })).status).toBe(200);
  expect((await codec({ cookie: counselor.cookie })).status).toBe(403);
  expect((await codec({})).status).toBe(401);
});

it(`keeps ${REQUESTS} requests whole while an API replica and a worker are killed (kill -9) and Temporal restarts`, async () => {
  const figures = { requests: REQUESTS, answered201: 0, failedSubmissions: 0, kills: 0, temporalRestarts: 0 };
  /** What the failed submissions got: status or error, with a count. */
  const failures: Record<string, number> = {};
  /** When each failed submission was sent and answered, to place it on the timeline. */
  const failedAt: string[] = [];
  const failed = (why: string, sentAt: number) => {
    figures.failedSubmissions += 1;
    failures[why] = (failures[why] ?? 0) + 1;
    failedAt.push(
      `${why} sent ${new Date(sentAt).toISOString().slice(11, 23)} answered ${new Date().toISOString().slice(11, 23)}`,
    );
  };
  const answered: string[] = [];
  const queue: string[] = [];
  let submitting = true;
  const started = Date.now();
  const submissions: Promise<void>[] = [];
  let restart: Promise<void> | undefined;
  let killedAt = Infinity;
  /** When the load started, the kills and the restart happened (to place a failure's messages). */
  const timeline: Record<string, string> = { loadStarted: new Date().toISOString() };

  const submitAll = (async () => {
    for (let i = 0; i < REQUESTS; i++) {
      await untilScheduled(started + (i * SECONDS * 1000) / REQUESTS);
      if (i === Math.floor(REQUESTS / 3)) {
        killedAt = Date.now();
        timeline.killed = new Date(killedAt).toISOString();
        replicas[0].killHard();
        workers[0].killHard();
        figures.kills += 2;
      }
      if (i === Math.floor((2 * REQUESTS) / 3)) {
        const restartedFrom = new Date().toISOString();
        restart = temporal.restart().then(() => {
          figures.temporalRestarts += 1;
          timeline.temporalRestart = `${restartedFrom} .. ${new Date().toISOString()}`;
        });
      }
      const sentAt = Date.now();
      submissions.push(
        submit(`p${i}-${ws.slug}@example.org`).then(
          (res) => {
            if (res.status === 201) {
              const { id } = JSON.parse(res.body) as { id: string };
              figures.answered201 += 1;
              answered.push(id);
              queue.push(id);
            } else failed(`HTTP ${res.status}`, sentAt);
          },
          (err: Error) => failed(err.message.replace(/\d+/g, 'N'), sentAt),
        ),
      );
    }
    await Promise.all(submissions);
    await restart;
    submitting = false;
  })();

  /** One or two counselors accept by link through Caddy; an answer lost with a killed replica is tried again. */
  async function acceptSomehow(requestId: string) {
    const offers = await offersOut(requestId);
    const takers = Math.random() < 0.3 ? [offers[0], offers[offers.length - 1]] : [offers[0]];
    await Promise.all(
      takers.map((offer) =>
        waitFor(
          `an answer to the accept of ${requestId}`,
          async () => {
            // 202: "we are still confirming it", with a button to check again, which a counselor taps (the
            // update carries the offer's id, so asking again is answered once).
            const res = await viaCaddy(`/o/${offer.token}/accept`, { method: 'POST' });
            const said = /data-result="([a-z-]+)"/.exec(res.body)?.[1] ?? '-';
            acceptAnswers.set(requestId, [...(acceptAnswers.get(requestId) ?? []), `${res.status} ${said}`]);
            if (res.status >= 500 || res.status === 202) throw new Error(`HTTP ${res.status}`);
          },
          STUCK_MS,
          500,
        ),
      ),
    );
  }
  const accepters = Array.from({ length: ACCEPTERS }, async () => {
    for (;;) {
      const next = queue.shift();
      if (next) await acceptSomehow(next);
      else if (!submitting) return;
      else await untilScheduled(Date.now() + 50);
    }
  });
  await submitAll;
  await Promise.all(accepters);
  // A submission whose answer was lost with the killed replica may still have been stored: it counts as a request.
  const all = (await db('help_requests').where({ workspace_id: ws.id }).select('id')).map((r) => r.id as string);
  const unanswered = all.filter((id) => !answered.includes(id));
  for (const id of unanswered) {
    if ((await winners(id)) === 0) await acceptSomehow(id);
  }

  await waitFor(
    'every request assigned and its after-win messages sent',
    async () => {
      // Requests, not events: a step retried around the restart may record its event twice.
      const [{ n }] = await db('request_events')
        .whereIn('request_id', all)
        .where({ type: 'after-win-sent' })
        .countDistinct({ n: 'request_id' });
      if (Number(n) < all.length) throw new Error(`${n} of ${all.length}`);
    },
    STUCK_MS,
    500,
  ).catch(async (err: Error) => {
    // Only once it has failed: which requests are stuck, and where.
    throw new Error(`${err.message}${await whereStuck(all)}`);
  });

  // Nothing lost: every request answered 201 is stored; each has exactly one winner.
  const lost = answered.filter((id) => !all.includes(id));
  const perRequest = await db('assignments')
    .whereIn('request_id', all)
    .select('request_id')
    .count({ n: '*' })
    .groupBy('request_id');
  const notOneWinner = all.filter(
    (id) => Number((perRequest as { request_id: string; n: string }[]).find((r) => r.request_id === id)?.n ?? 0) !== 1,
  );

  // Nothing sent twice: every ledger row sent, exactly one message at the sinks per row, none without one.
  const ledger = await db('notifications').whereIn('request_id', all);
  // An email the killed worker had claimed but not finished stays in doubt: an SMTP server cannot be asked whether
  // it took a message, so the ledger sends an email at most once (notifications-store claimMany). Only sends in
  // flight at the kill may be in doubt; every SMS is settled by asking the provider.
  const inDoubtAtKill = (n: { status: string; channel: string; claimed_at: Date }) =>
    n.status === 'sending' && n.channel === 'email' && new Date(n.claimed_at).getTime() <= killedAt;
  const emailsInDoubt = ledger.filter(inDoubtAtKill);
  const notSent = ledger.filter((n) => n.status !== 'sent' && !inDoubtAtKill(n));
  const atSink = await db('dev_outbox')
    .whereIn(
      'provider_id',
      ledger.map((n) => n.provider_id as string),
    )
    .select('provider_id');
  const sinkCount = new Map<string, number>();
  for (const m of atSink) sinkCount.set(m.provider_id, (sinkCount.get(m.provider_id) ?? 0) + 1);
  const missing = ledger.filter((n) => !sinkCount.has(n.provider_id) && !inDoubtAtKill(n));
  // An email left in doubt by a kill is sent again under the same Message-ID once its claim is older than any
  // call can take (docs/ARCHITECTURE.md, "Sending exactly once": a copy a mail client folds into the first beats
  // an email lost for good). Such a pair is one ledger row, claimed more than once, with one Message-ID at the
  // sink twice: counted apart. Any other provider id seen twice (every SMS) is a message sent twice.
  const resentEmailIds = new Set(
    ledger
      .filter((n) => n.channel === 'email' && Number(n.attempts) > 1 && (sinkCount.get(n.provider_id) ?? 0) === 2)
      .map((n) => n.provider_id as string),
  );
  const doubledIds = [...sinkCount.entries()].filter(([id, c]) => c > 1 && !resentEmailIds.has(id)).length;
  const [{ n: smsToPool }] = await db('dev_outbox')
    .where({ kind: 'sms' })
    .whereIn(
      'to',
      pool.map((c) => c.phone as string),
    )
    .count({ n: '*' });
  const [{ n: emailsOut }] = await db('dev_outbox')
    .where({ kind: 'email' })
    .where((q) =>
      q
        .whereIn(
          'to',
          pool.map((c) => c.email),
        )
        .orWhere('to', 'like', `%@example.org`),
    )
    .count({ n: '*' });
  const smsLedger = ledger.filter((n) => n.channel === 'sms').length;
  // For a reader of a failure: the messages at the sinks that no ledger row accounts for.
  const ledgerIds = new Set(ledger.map((n) => n.provider_id as string));
  const extras = (
    await db('dev_outbox')
      .whereIn('to', [...pool.map((c) => c.phone as string), ...pool.map((c) => c.email)])
      .select('kind', 'to', 'provider_id', 'body', 'received_at')
  )
    .filter((m) => !ledgerIds.has(m.provider_id))
    .map((m) => `${m.kind} ${m.received_at.toISOString()} ${String(m.body).slice(0, 70)}`);
  const emailLedger = ledger.filter((n) => n.channel === 'email').length;
  const result = {
    ...figures,
    timeline,
    failures,
    failedAt: failedAt.slice(0, 60),
    stored: all.length,
    storedWithoutAnswer: unanswered.length,
    messages: ledger.length,
    lost: lost.length + missing.length + notSent.length,
    emailsInDoubtAtKill: emailsInDoubt.map((n) => n.purpose as string),
    emailsResentInDoubt: resentEmailIds.size,
    doubled:
      doubledIds +
      Math.max(0, Number(smsToPool) - smsLedger) +
      Math.max(0, Number(emailsOut) - emailLedger - resentEmailIds.size),
    doubledBreakdown: {
      providerIdsTwice: doubledIds,
      smsBeyondLedger: Number(smsToPool) - smsLedger,
      emailsBeyondLedger: Number(emailsOut) - emailLedger - resentEmailIds.size,
    },
    notSent: notSent.map((n) => `${n.purpose} ${n.channel} ${n.status}`),
    extras: extras.slice(0, 30),
    withoutExactlyOneWinner: notOneWinner.length,
    // For a reader of a failure: what Caddy said about the replicas' health and the requests it could not place.
    caddy: caddy
      .output()
      .split('\n')
      .filter((l) => /health_checker|http\.log\.error|unhealthy|no upstreams/.test(l))
      .slice(-40),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(path.resolve(__dirname, '../../test-output'), { recursive: true });
  writeFileSync(
    path.resolve(__dirname, '../../test-output/production-proof.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(`production proof: ${JSON.stringify(result)}`);

  expect(figures.kills).toBe(2);
  expect(figures.temporalRestarts).toBe(1);
  expect(replicas[0].child.signalCode).toBe('SIGKILL');
  expect(workers[0].child.signalCode).toBe('SIGKILL');
  expect(lost).toEqual([]);
  expect(notOneWinner).toEqual([]);
  expect(notSent.map((n) => `${n.purpose} ${n.channel} ${n.status}`)).toEqual([]);
  expect(missing.map((n) => `${n.purpose} ${n.channel} ${n.provider_id}`)).toEqual([]);
  expect(doubledIds).toBe(0);
  expect(Number(smsToPool)).toBe(smsLedger);
  expect(Number(emailsOut)).toBe(emailLedger + resentEmailIds.size);
  expect(answered.length + result.failedSubmissions).toBe(REQUESTS);
  // Only submissions in flight at the kill may go unanswered; the rest find the other replica.
  expect(figures.answered201).toBeGreaterThanOrEqual(REQUESTS * 0.9);
}, 900_000);
