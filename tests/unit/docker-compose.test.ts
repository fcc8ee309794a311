// docker-compose.yml, read by the real parser (`docker-compose config`, which needs no Docker engine):
// the stack has its services, the API and the worker get every variable the config cannot start
// without, and a missing secret stops compose with a message naming it.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { REQUIRED_ENV, loadConfig } from '../../config';
import { TEMPORAL_DYNAMIC_CONFIG } from '../../scripts/services';

const COMPOSE_BIN = '/usr/bin/docker-compose';
const COMPOSE_FILE = resolve(__dirname, '../../docker-compose.yml');

/** Secrets docker-compose.yml takes from the environment with `${VAR:?message}`; values pass loadConfig. */
const SECRETS: Record<string, string> = {
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'dummy-auth-token-0123456789',
  SESSION_SECRET: 'dummy-session-secret-0123456789abcdef',
  DATA_KEY: 'ab'.repeat(32),
  SMTP_URL: 'smtp://user:pass@mail.example.test:587',
  PUBLIC_BASE_URL: 'https://dispatch.example.test',
  MAIL_FROM: 'dispatch@example.test',
};

type Env = Record<string, string | null>;
interface ComposeService {
  environment?: Env | string[];
  [key: string]: unknown;
}

let workDir: string;
let emptyEnvFile: string;

beforeAll(() => {
  // An empty --env-file, so that a developer's .env next to docker-compose.yml cannot supply the
  // values this test leaves out.
  workDir = mkdtempSync(join(tmpdir(), 'compose-test-'));
  emptyEnvFile = join(workDir, 'empty.env');
  writeFileSync(emptyEnvFile, '');
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function requireComposeBinary(): void {
  if (!existsSync(COMPOSE_BIN)) {
    throw new Error(
      `${COMPOSE_BIN} is missing: this test runs the real docker-compose parser. ` +
        'Install it with `apt-get install docker-compose` (Debian/Ubuntu) and run the tests again.',
    );
  }
}

/** A clean environment (nothing inherited but PATH and HOME) with the given variables. */
function composeEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? workDir, ...vars };
}

const composeArgs = () => ['-f', COMPOSE_FILE, '--env-file', emptyEnvFile, 'config'];

function composeConfig(vars: Record<string, string>): { services: Record<string, ComposeService> } {
  requireComposeBinary();
  const out = execFileSync(COMPOSE_BIN, composeArgs(), {
    env: composeEnv(vars),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15_000,
  });
  return parse(out);
}

/** Runs `docker-compose config` expecting it to fail; resolves with its exit code and stderr. */
function composeConfigFailure(vars: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  requireComposeBinary();
  return new Promise((done) => {
    execFile(COMPOSE_BIN, composeArgs(), { env: composeEnv(vars), timeout: 15_000 }, (err, _stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr: String(stderr) });
    });
  });
}

function environmentOf(service: ComposeService | undefined): Env {
  const env = service?.environment;
  if (!env) return {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(
    env.map((entry) => {
      const i = entry.indexOf('=');
      return i < 0 ? [entry, null] : [entry.slice(0, i), entry.slice(i + 1)];
    }),
  );
}

describe('docker-compose.yml', () => {
  test(`${COMPOSE_BIN} is installed (apt-get install docker-compose)`, () => {
    requireComposeBinary();
  });

  describe('with every secret set', () => {
    let services: Record<string, ComposeService>;
    beforeAll(() => {
      services = composeConfig({ ...SECRETS, TWILIO_FROM: '+15555550100' }).services;
    });

    test('has the postgres, temporal, temporal-ui, api and worker services', () => {
      expect(Object.keys(services)).toEqual(
        expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'api', 'worker', 'migrate']),
      );
    });

    test.each(['api', 'worker'])('%s gets every variable in REQUIRED_ENV', (name) => {
      const env = environmentOf(services[name]);
      const missing = REQUIRED_ENV.filter((key) => env[key] === undefined || env[key] === null || env[key] === '');
      expect(missing).toEqual([]);
    });

    test.each(['api', 'worker'])('%s uses the internal addresses and the secrets from the environment', (name) => {
      const env = environmentOf(services[name]);
      expect(new URL(env.DATABASE_URL as string).host).toBe('postgres:5432');
      expect(new URL(env.DATABASE_URL as string).pathname).toBe('/dispatch');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBeTruthy();
      for (const [key, value] of Object.entries(SECRETS)) expect(env[key]).toBe(value);
      expect(env.TWILIO_FROM).toBe('+15555550100');
      expect(env).toHaveProperty('TWILIO_MESSAGING_SERVICE_SID');
      expect(env).toHaveProperty('PAYLOAD_KEYS');
    });

    test('the Temporal server runs with the same dynamic config as the dev server of npm start and the tests', () => {
      const temporal = services.temporal;
      const file = environmentOf(temporal).DYNAMIC_CONFIG_FILE_PATH as string;
      // The image resolves the path from its working directory, /etc/temporal.
      // docker-compose 1.x prints the short form "source:target:ro", the v2 plugin objects.
      const mounts = (temporal.volumes as (string | { source: string; target: string })[]).map((v) =>
        typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v,
      );
      const mount = mounts.find((v) => v.target === `/etc/temporal/${file}`);
      expect(mount).toBeDefined();
      const values = parse(readFileSync(resolve(COMPOSE_FILE, '..', mount!.source), 'utf8')) as Record<
        string,
        { value: unknown }[]
      >;
      const asFlags = Object.entries(values).map(([key, [first]]) => `${key}=${String(first.value)}`);
      expect(asFlags.sort()).toEqual([...TEMPORAL_DYNAMIC_CONFIG].sort());
    });

    test('the api has a PORT', () => {
      expect(Number(environmentOf(services.api).PORT)).toBeGreaterThan(0);
    });

    test.each(['api', 'worker'])('the environment of %s passes loadConfig', (name) => {
      const env = Object.fromEntries(
        Object.entries(environmentOf(services[name])).filter((entry): entry is [string, string] => entry[1] != null),
      );
      expect(() => loadConfig(env)).not.toThrow();
    });
  });

  test('config fails with a message naming DATA_KEY when it is missing', async () => {
    const vars = { ...SECRETS };
    delete vars.DATA_KEY;
    const { code, stderr } = await composeConfigFailure(vars);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/Missing mandatory value[\s\S]* in service "[^"]+": set DATA_KEY\b/);
  });

  test('every secret is interpolated as ${VAR:?message}, so a missing one stops compose', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    const unguarded = Object.keys(SECRETS).filter((key) => !new RegExp(`\\$\\{${key}:\\?[^}]+\\}`).test(text));
    expect(unguarded).toEqual([]);
  });
});
