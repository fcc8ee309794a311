// One test file's slice of the real stack: the API on a real port (with the Twilio sink), a real SMTP sink,
// and a worker on its own task queue, all against the suite's Postgres and Temporal dev server.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/auth/passwords';
import { createDataConverter, workflowWorkspaceResolver } from '../../codec';
import { loadConfig, temporalConnectionOptions, type Config, type TwilioConfig } from '../../config';
import type { Log } from '../../log';
import {
  createDb,
  createStores,
  type RequesterContact,
  type Stores,
  type Topic,
  type User,
  type Workspace,
} from '../../db';
import type { requestWorkflow } from '../../workflows';
import { workflowIdFor } from '../../workflows/definitions';
import { startRequestWorkflow } from '../../engine/start';
import type { CounselorProfileInput } from '../../db/stores/users-store';
import { freePort, waitFor } from '../../scripts/services';
import { startSmtpSink, type SmtpSink } from '../../scripts/sinks/smtp-sink';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';
import { createDispatchWorker, type DispatchWorker } from '../../workers/worker';
import { enrolTwoStep, rememberTwoStep, secondStepAnswer, setupAnswer } from './two-step';

export { waitFor };

export const TEST_PASSWORD = 'correct horse battery staple';

/** The payload key of every test stack and of the saved histories' replay. */
export const TEST_PAYLOAD_KEYS = `test:${'5e'.repeat(32)}`;

export interface TestStack {
  /** The test stack always has SMS (the local Twilio sink); email-only runs build their own config. */
  config: Config & { twilio: TwilioConfig };
  /** The environment the config was read from: what a worker or API process of this stack needs. */
  env: Record<string, string>;
  db: Knex;
  stores: Stores;
  temporal: Client;
  baseUrl: string;
  worker: DispatchWorker | undefined;
  startWorker(): Promise<void>;
  /** Closes the SMTP sink (connections are refused) and opens it again on the same port. */
  stopSmtp(): Promise<void>;
  startSmtp(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(`${name} is not set: run the tests with "npm test" (jest's global setup starts the services)`);
  return v;
}

let runtimeInstalled = false;
/** Worker logs at ERROR: retried activities (on purpose in the fault tests) would drown the test output. */
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this process.
  }
}

export async function startTestStack(
  opts: {
    worker?: boolean;
    temporalAddress?: string;
    databaseUrl?: string;
    log?: Log;
    /** The host of PUBLIC_BASE_URL (passkeys need a name: browsers refuse an IP address as the rp id). */
    publicHost?: 'localhost';
    /** The worker runs the workspace-wide jobs (the notice outbox): only on a database of the file's own. */
    workspaceJobs?: true;
  } = {},
): Promise<TestStack> {
  quietRuntime();
  const port = await freePort();
  const databaseUrl = opts.databaseUrl ?? required('TEST_DATABASE_URL');
  const db = createDb(databaseUrl, { max: 20 });
  const dataKey = randomBytes(32).toString('hex');
  const stores = createStores(db, Buffer.from(dataKey, 'hex'));
  let smtp: SmtpSink = await startSmtpSink(stores.devOutbox);
  const smtpPort = smtp.port;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: opts.temporalAddress ?? required('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    PUBLIC_BASE_URL: `http://${opts.publicHost ?? '127.0.0.1'}:${port}`,
    TWILIO_ACCOUNT_SID: 'AC' + randomBytes(16).toString('hex'),
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE: `http://127.0.0.1:${port}/dev/twilio`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Peer Dispatch <dispatch@test.local>',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATA_KEY: dataKey,
    // Fixed, so recorded histories replay (tests/workflows/histories): a test key, never a real one.
    PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    PORT: String(port),
    DEV_SINKS: '1',
    WORKFLOW_BUNDLE_PATH: required('TEST_WORKFLOW_BUNDLE'),
    // Tests submit from one address and faster than a person; tests/api/intake-protection.test.ts runs an app
    // with the production defaults to check both.
    INTAKE_RATE_LIMIT: '0',
    INTAKE_MIN_FILL_MS: '0',
    // The same for "forgot password": every file's requests come from 127.0.0.1 into one database.
    PASSWORD_RESET_RATE_LIMIT: '0',
    // Test files share one database: a worker process started on this env leaves other files' workspaces alone.
    WORKER_WORKSPACE_JOBS: opts.workspaceJobs && opts.databaseUrl ? '1' : '0',
  };
  const loaded = loadConfig(env);
  if (!loaded.twilio) throw new Error('the test stack sends SMS to its sink');
  const config = { ...loaded, twilio: loaded.twilio };
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const workspaceOf = workflowWorkspaceResolver(async (id) => (await stores.requests.getById(id))?.workspaceId);
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.payloadKeys, { workspaceOf }),
  });
  const logs: string[] = [];
  const app = createApp({
    config,
    stores,
    temporal,
    log: opts.log ?? ((m) => logs.push(m)),
    rememberWorkspace: workspaceOf.remember,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });

  let running: Promise<void> | undefined;
  const stack: TestStack = {
    config,
    env,
    db,
    stores,
    temporal,
    baseUrl: config.publicBaseUrl,
    worker: undefined,
    async startWorker() {
      // A second worker would replace the first in `stack.worker`, and stop() would leave the first polling a
      // destroyed database after the file ended.
      if (stack.worker) throw new Error('the stack already runs a worker: stopWorker() first');
      stack.worker = await createDispatchWorker(config, {
        db,
        workflowBundle: { codePath: required('TEST_WORKFLOW_BUNDLE') },
        handoverReminders: false,
        ...(opts.log ? { log: opts.log } : {}),
        poolHealthSchedule: false,
      });
      running = stack.worker.run();
    },
    async stopSmtp() {
      await smtp.close();
    },
    async startSmtp() {
      smtp = await startSmtpSink(stores.devOutbox, smtpPort);
    },
    async stopWorker() {
      if (!stack.worker) return;
      stack.worker.shutdown();
      await running;
      stack.worker = undefined;
    },
    async stop() {
      await stack.stopWorker();
      // Open board streams and their listener connection end with the app, as in api/main.ts.
      await (app.locals.closeLiveStreams as () => Promise<void>)();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await smtp.close();
      await connection.close();
      await db.destroy();
    },
  };
  if (opts.worker !== false) await stack.startWorker();
  return stack;
}

/**
 * The set-up almost every test file needs: one stack started before the file's tests and stopped after them.
 * It returns the stack through a forwarding object that `beforeAll` fills in, so a file keeps writing
 * `stack.stores`, `stack.baseUrl`; reading it before the stack started (at a file's top level) fails with
 * this message instead of an `undefined` deeper down.
 */
export function useTestStack(opts: Parameters<typeof startTestStack>[0] = {}): TestStack {
  let started: TestStack | undefined;
  beforeAll(async () => {
    started = await startTestStack(opts);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (key: PropertyKey): TestStack => {
    if (!started) throw new Error(`the test stack is not started yet (read ${String(key)} inside a test or hook)`);
    return started;
  };
  return new Proxy({} as TestStack, {
    get: (_target, key) => Reflect.get(current(key), key),
    set: (_target, key, value) => Reflect.set(current(key), key, value),
    // `{ ...stack }` and Object.keys see the stack's own fields too.
    ownKeys: () => Reflect.ownKeys(current('its keys')),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(current(key), key),
  });
}

/** Test waits in seconds: the shape of the default policy, minutes become seconds. */
export const FAST_POLICY: DispatchPolicy = {
  ...DEFAULT_DISPATCH_POLICY,
  waves: [{ channel: 'sms', wait: '30s' }],
  holdOpen: '30s',
};

/**
 * A phone number no other test uses: the outbox is shared, so tests look only at their own numbers.
 * Ten random digits: with a few thousand numbers a run, a collision is about one in five thousand runs.
 * (A counter would restart with every test file: jest gives each file a fresh module registry.)
 */
export function uniquePhone(): string {
  const digits = randomBytes(8).readBigUInt64BE() % 1_000_000_000n;
  return `+1${2 + (randomBytes(1)[0] % 8)}${digits.toString().padStart(9, '0')}`;
}

export async function createWorkspace(stores: Stores, policy: DispatchPolicy = FAST_POLICY): Promise<Workspace> {
  const slug = `ws-${randomBytes(5).toString('hex')}`;
  return stores.workspaces.create({ slug, name: `Test ${slug}`, dispatchPolicy: policy });
}

let hashed: Promise<string> | undefined;
const testHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

export async function createCounselor(
  stores: Stores,
  workspace: Workspace,
  profile: Partial<CounselorProfileInput> = {},
): Promise<User> {
  const user = await stores.users.create({
    workspaceId: workspace.id,
    role: 'counselor',
    email: `c-${randomBytes(5).toString('hex')}@test.local`,
    name: `Counselor ${randomBytes(2).toString('hex')}`,
    phone: uniquePhone(),
    passwordHash: await testHash(),
    profile: {
      languages: ['en'],
      specialisms: ['general'],
      livedExperience: [],
      trainingComplete: true,
      ...profile,
    },
  });
  // Counselors need two-step sign-in where their team asks it (test workspaces do not, unless a test turns it on).
  if (workspace.counselorTwoStep) await enrolTwoStep(stores, user);
  return user;
}

/**
 * A coordinator or lead with two-step sign-in set up (they must have it; the sign-in helpers answer its code).
 * `{ twoStep: false }` for a test of the set-up itself.
 */
export async function createStaff(
  stores: Stores,
  workspace: Workspace,
  role: 'coordinator' | 'lead' = 'coordinator',
  opts: { twoStep?: boolean } = {},
) {
  const user = await stores.users.create({
    workspaceId: workspace.id,
    role,
    email: `${role}-${randomBytes(5).toString('hex')}@test.local`,
    name: `Test ${role}`,
    phone: uniquePhone(),
    passwordHash: await testHash(),
  });
  if (opts.twoStep ?? true) await enrolTwoStep(stores, user);
  return user;
}

/** Signs in over HTTP and returns the session cookie header. */
export async function login(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<string> {
  return (await loginSession(baseUrl, email, password)).cookie;
}

/** Signs in and returns headers for state-changing calls: the cookie and the session's CSRF token. */
export async function loginSession(
  baseUrl: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  // The sign-in form carries a pre-session CSRF token (its cookie and the form's hidden field), as a browser's does.
  const form = await fetch(`${baseUrl}/login`);
  const preSession = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  const formCsrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const first = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: preSession.join('; '),
    },
    body: new URLSearchParams({ email, password, _csrf: formCsrf }),
  });
  const res = await completeSecondStep(baseUrl, email, first, preSession, formCsrf);
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?sid=/.test(c));
  if (!cookie) throw new Error('login set no cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
  };
}

/**
 * After the password: answers the code step, or sets two-step sign-in up on the product's set-up page, as the
 * person would (tests/helpers/two-step.ts). Returns the answer that began the session (or the password's answer).
 */
async function completeSecondStep(
  baseUrl: string,
  email: string,
  first: Response,
  preSession: string[],
  formCsrf: string,
): Promise<Response> {
  if (first.status !== 202) return first;
  const { next } = (await first.json()) as { next: 'code' | 'setup' };
  const challenge = first.headers.getSetCookie().map((c) => c.split(';')[0]);
  const cookie = [...preSession, ...challenge].join('; ');
  const post = (path: string, code: string) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie },
      body: new URLSearchParams({ code, _csrf: formCsrf }),
    });
  if (next === 'code') return post('/login/code', await secondStepAnswer(email));
  const page = await (await fetch(`${baseUrl}/login/two-step`, { headers: { cookie } })).text();
  const setup = setupAnswer(page);
  const res = await post('/login/two-step', setup.code);
  if (res.status !== 200) return res;
  const body = (await res.json()) as { recoveryCodes: string[] };
  rememberTwoStep(email, setup.secret, setup.step, body.recoveryCodes);
  return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
}

export async function submitRequest(baseUrl: string, body: Record<string, unknown>) {
  const res = await fetch(`${baseUrl}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The SMS the local Twilio endpoint received for these numbers, newest first. */
export async function smsTo(stores: Stores, phones: string[]) {
  const all = await Promise.all(phones.map((to) => stores.devOutbox.list({ to, kind: 'sms' })));
  return all.flat().sort((a, b) => b.id - a.id); // newest first
}

/** Waits (up to timeoutMs) until these phones have at least `count` SMS at the sink; they come newest first. */
export async function waitForSmsTo(stores: Stores, phones: string[], count: number, timeoutMs = 20_000) {
  return waitFor(
    `${count} SMS`,
    async () => {
      const sms = await smsTo(stores, phones);
      if (sms.length < count) throw new Error(`${sms.length} so far`);
      return sms;
    },
    timeoutMs,
  );
}

export const acceptLinkIn = (body: string): string => {
  const m = /(https?:\/\/\S+\/o\/[A-Za-z0-9_-]+)/.exec(body);
  if (!m) throw new Error(`no accept link in: ${body}`);
  return m[1];
};

/**
 * Stores a request the way intake does (with its dispatch-outbox row) and starts its workflow through the
 * same start function, on this stack's task queue. For workflow-level tests that set their own policy.
 */
export async function startStoredRequest(
  stack: TestStack,
  workspace: Workspace,
  policy: DispatchPolicy,
  fields: {
    language?: string;
    topic?: Topic;
    livedExperience?: string[];
    urgent?: boolean;
    contact?: RequesterContact;
  } = {},
) {
  const id = randomUUID();
  const urgent = fields.urgent ?? false;
  const workflowInput = { requestId: id, urgent, policy };
  await stack.stores.requests.create({
    id,
    workspaceId: workspace.id,
    language: fields.language ?? 'en',
    topic: fields.topic ?? 'general',
    livedExperience: fields.livedExperience ?? [],
    safety: urgent ? 'yes' : 'no',
    urgent,
    contact: fields.contact ?? { email: `requester-${randomBytes(4).toString('hex')}@example.org` },
    workflowInput,
    taskQueue: stack.config.temporal.taskQueue,
  });
  await startRequestWorkflow(
    stack.temporal,
    stack.config.temporal.taskQueue,
    stack.stores.dispatchOutbox,
    workflowInput,
  );
  return { requestId: id, handle: stack.temporal.workflow.getHandle<typeof requestWorkflow>(workflowIdFor(id)) };
}

/** Puts one lead on call every week (a rota of one, started a week ago). */
export async function putOnCall(stores: Stores, workspace: Workspace, leadId: string): Promise<void> {
  await stores.rota.save(workspace.id, {
    timeZone: 'UTC',
    handoverWeekday: 1,
    handoverTime: '09:00',
    leadIds: [leadId],
    startsOn: new Date(Date.now() - 8 * 86_400_000).toISOString().slice(0, 10),
  });
}

/**
 * Waits until a moment on a load generator's schedule (an open loop: each submit leaves on time whatever
 * the answers). Scheduling, not waiting for a condition: nothing is assumed about the system under test.
 */
export async function untilScheduled(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
