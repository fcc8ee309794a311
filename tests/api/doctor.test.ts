// `npm run doctor` against the real test stack: a good environment passes every check (and the command exits 0);
// each environment of a list of bad ones is reported with a clear line naming the problem and what to do.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../scripts/services';
import {
  formatResult,
  isPrivateHost,
  INDEXED_VALUE_TYPES,
  parseSearchAttributes,
  productSearchAttributes,
  runDoctor,
  type CheckResult,
} from '../../scripts/doctor/checks';
import { useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let closedPort: number;
let authSmtp: SMTPServer;
let authSmtpPort: number;

beforeAll(async () => {
  closedPort = await freePort();
  // A real SMTP server that wants a login (the stack's sink takes mail without one).
  authSmtp = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'dispatch' && auth.password === 'right-password') callback(null, { user: 'dispatch' });
      else callback(new Error('Invalid username or password'));
    },
  });
  authSmtpPort = await freePort();
  await new Promise<void>((resolve) => authSmtp.listen(authSmtpPort, '127.0.0.1', () => resolve()));
  await registerProductSearchAttributes();
});

/** The product's declared search attributes on the suite's server, as the namespace set-up job registers them. */
async function registerProductSearchAttributes() {
  const declared = productSearchAttributes();
  if (declared.length === 0) return;
  const { operatorService } = stack.temporal.connection;
  const typeNumber = (type: string) =>
    Number(Object.entries(INDEXED_VALUE_TYPES).find(([, name]) => name === type)?.[0]);
  const have = (await operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
  const missing = declared.filter((a) => have[a.name] === undefined);
  if (missing.length === 0) return;
  await operatorService
    .addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(missing.map((a) => [a.name, typeNumber(a.type)])),
    })
    .catch((err: { code?: number }) => {
      if (err.code !== 6) throw err; // another test file added them meanwhile
    });
  await waitFor(
    'the search attributes to be listed',
    async () => {
      const now = (await operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
      if (declared.some((a) => now[a.name] === undefined)) throw new Error('not yet');
    },
    30_000,
  );
}
afterAll(async () => {
  await new Promise<void>((resolve) => authSmtp?.close(() => resolve()));
});

const run = (env: Record<string, string | undefined>) => runDoctor({ ...stack.env, ...env }, { timeoutMs: 5000 });
const failures = (results: CheckResult[]) => results.filter((r) => r.status === 'fail').map(formatResult);

it('passes a good environment: configuration, PostgreSQL, Temporal, SMTP with a login, Twilio (the local sink)', async () => {
  const results = await run({ SMTP_URL: `smtp://dispatch:right-password@127.0.0.1:${authSmtpPort}` });
  expect(failures(results)).toEqual([]);
  expect(results.map((r) => r.check)).toEqual(
    expect.arrayContaining(['configuration', 'PostgreSQL', 'Temporal', 'SMTP', 'Twilio', 'Twilio sender']),
  );
  expect(formatResult(results.find((r) => r.check === 'SMTP')!)).toMatch(/^ok +SMTP: .*accepts the login/);
  // The password is never printed.
  expect(results.map(formatResult).join('\n')).not.toContain('right-password');
});

// Each bad environment, and the line that must report it (problem and remedy).
const BAD: { what: string; env: () => Record<string, string | undefined>; line: RegExp }[] = [
  {
    what: 'a short DATA_KEY',
    env: () => ({ DATA_KEY: 'abcd' }),
    line: /^FAIL configuration: DATA_KEY must be 64 hex.*openssl rand -hex 32/,
  },
  {
    what: 'a placeholder SESSION_SECRET',
    env: () => ({ SESSION_SECRET: 'changeme'.repeat(4) }),
    line: /^FAIL keys: SESSION_SECRET has fewer than 8 different characters.*openssl rand/,
  },
  {
    what: 'no SMTP_URL',
    env: () => ({ SMTP_URL: undefined }),
    line: /^FAIL configuration: SMTP_URL is required.*smtp:\/\/user:password@host:587/,
  },
  {
    what: 'a MySQL DATABASE_URL',
    env: () => ({ DATABASE_URL: 'mysql://u:p@127.0.0.1/db' }),
    line: /^FAIL DATABASE_URL scheme: DATABASE_URL starts with mysql:\/\/, expected postgres:\/\/ or postgresql:\/\//,
  },
  {
    what: 'an http SMTP_URL',
    env: () => ({ SMTP_URL: 'http://mail.example.org' }),
    line: /^FAIL SMTP_URL scheme: .*expected smtp:\/\/ or smtps:\/\//,
  },
  {
    what: 'a sender without +',
    env: () => ({ TWILIO_FROM: '15551234567' }),
    line: /^FAIL SMS sender: TWILIO_FROM is not an E.164 number.*\+15551234567/,
  },
  {
    what: 'a MAIL_FROM without an address',
    env: () => ({ MAIL_FROM: 'Peer Dispatch' }),
    line: /^FAIL email sender: MAIL_FROM holds no email address/,
  },
  {
    what: 'a local PUBLIC_BASE_URL in production',
    env: () => ({ NODE_ENV: 'production', DEV_SINKS: undefined, PUBLIC_BASE_URL: 'https://192.168.1.20' }),
    line: /^FAIL PUBLIC_BASE_URL: 192\.168\.1\.20 cannot be reached from the internet.*public https:\/\/ name/,
  },
  {
    what: 'an http PUBLIC_BASE_URL in production',
    env: () => ({ NODE_ENV: 'production', DEV_SINKS: undefined, PUBLIC_BASE_URL: 'http://dispatch.example.org' }),
    line: /^FAIL PUBLIC_BASE_URL scheme: .*expected https:\/\/ → use https:\/\/ in production/,
  },
  {
    what: 'the Twilio sink in production',
    env: () => ({ NODE_ENV: 'production', DEV_SINKS: undefined }),
    line: /^FAIL production: TWILIO_API_BASE sends every SMS to http:\/\/127\.0\.0\.1.*unset TWILIO_API_BASE/,
  },
  {
    what: 'a wrong database password',
    env: () => ({ DATABASE_URL: withPassword(stack.env.DATABASE_URL, 'wrong') }),
    line: /^FAIL PostgreSQL: postgres:\/\/\w+:\*\*\*@.*password authentication failed.*check the user and password/,
  },
  {
    what: 'PostgreSQL not listening',
    env: () => ({ DATABASE_URL: `postgres://u:p@127.0.0.1:${closedPort}/db` }),
    line: /^FAIL PostgreSQL: .*ECONNREFUSED.*check DATABASE_URL's host and port/,
  },
  {
    what: 'Temporal not listening',
    env: () => ({ TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` }),
    line: /^FAIL Temporal: 127\.0\.0\.1:\d+: .*check TEMPORAL_ADDRESS/,
  },
  {
    what: 'a namespace that does not exist',
    env: () => ({ TEMPORAL_NAMESPACE: 'no-such-namespace' }),
    line: /^FAIL Temporal: .* has no namespace "no-such-namespace" → create it: temporal operator namespace create/,
  },
  {
    what: 'SMTP not listening',
    env: () => ({ SMTP_URL: `smtp://127.0.0.1:${closedPort}` }),
    line: /^FAIL SMTP: smtp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*check SMTP_URL's host and port/,
  },
  {
    what: 'a wrong SMTP password',
    env: () => ({ SMTP_URL: `smtp://dispatch:wrong@127.0.0.1:${authSmtpPort}` }),
    line: /^FAIL SMTP: smtp:\/\/dispatch:\*\*\*@127\.0\.0\.1:\d+: .*Invalid.*check the user and password in SMTP_URL/,
  },
  {
    what: 'a sender the Twilio account does not own',
    env: () => ({ TWILIO_FROM: '+15559876543' }),
    line: /^FAIL Twilio sender: \+15559876543 is not a number of account AC\w+ .*set TWILIO_FROM to a number the account owns/,
  },
  {
    what: 'a Messaging Service the account does not have',
    env: () => ({ TWILIO_FROM: undefined, TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'a'.repeat(32) }),
    line: /^FAIL Twilio sender: .*HTTP 404.*check TWILIO_MESSAGING_SERVICE_SID/,
  },
  {
    what: 'a wrong Twilio auth token',
    env: () => ({ TWILIO_AUTH_TOKEN: 'f'.repeat(32) }),
    line: /^FAIL Twilio: account AC\w+ at http:\/\/127\.0\.0\.1:\d+\/dev\/twilio: HTTP 401.*check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/,
  },
];

const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};

it.each(BAD)('reports $what', async ({ env, line }) => {
  const results = await run(env());
  const lines = failures(results);
  expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(line)]));
});

it('reports missing search attributes with the command that creates them', async () => {
  const results = await runDoctor(stack.env, {
    timeoutMs: 5000,
    searchAttributes: [{ name: 'DoctorTestMissing', type: 'Keyword' }],
  });
  expect(failures(results)).toEqual([
    expect.stringMatching(
      /^FAIL Temporal search attributes: missing .*DoctorTestMissing \(Keyword\) → temporal operator search-attribute create --namespace default --name DoctorTestMissing --type Keyword/,
    ),
  ]);
});

it('skips the services when the configuration is invalid, instead of failing four more times', async () => {
  const results = await run({ TEMPORAL_ADDRESS: 'no-port' });
  expect(results.filter((r) => r.status === 'skip').map((r) => r.check)).toEqual([
    'PostgreSQL',
    'Temporal',
    'SMTP',
    'Twilio',
  ]);
});

it('reads the declared search attributes and knows which hosts Twilio cannot reach', () => {
  expect(parseSearchAttributes('# x\nTEMPORAL_SEARCH_ATTRIBUTES="WorkspaceSlug=Keyword Urgent=Bool"\n')).toEqual([
    { name: 'WorkspaceSlug', type: 'Keyword' },
    { name: 'Urgent', type: 'Bool' },
  ]);
  expect(parseSearchAttributes('OTHER=1')).toEqual([]);
  for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '172.20.0.4', '192.168.0.9', '[::1]', 'api', 'box.local'])
    expect([host, isPrivateHost(host)]).toEqual([host, true]);
  for (const host of ['dispatch.example.org', '203.0.113.7', '172.32.0.1'])
    expect([host, isPrivateHost(host)]).toEqual([host, false]);
});

it('npm run doctor exits 0 when all pass and 1 with a failure, one line per check', async () => {
  const runCli = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../scripts/doctor.ts')], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });
  const good = await runCli(stack.env);
  expect(good.out).toMatch(/doctor: all checks passed/);
  expect(good.code).toBe(0);
  const bad = await runCli({ ...stack.env, SMTP_URL: `smtp://127.0.0.1:${closedPort}` });
  expect(bad.out).toMatch(/^FAIL SMTP: /m);
  expect(bad.out).toMatch(/doctor: 1 check\(s\) failed/);
  expect(bad.code).toBe(1);
});
