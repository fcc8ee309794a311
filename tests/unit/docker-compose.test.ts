// docker-compose.yml, read by the real parser (`docker-compose config`, which needs no Docker engine), held to
// deploy/ (the files the process proof runs): the same config files and versions, no published Temporal frontend,
// a read-only UI, healthchecks on every long-running service; the API and the worker get every variable the
// config cannot start without, and a missing secret stops compose with a message naming it. The image's Node
// version agrees with .nvmrc and package.json's engines.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { REQUIRED_ENV, loadConfig } from '../../config';
import { DEPLOY_FILES, readEnvFile } from '../../scripts/deploy-files';
import { TEMPORAL_DYNAMIC_CONFIG } from '../../scripts/services';
import {
  DEPLOY_TEMPORAL_DIR,
  TEMPORAL_SERVER_ARGS,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_SERVER_VERSION,
} from '../../scripts/temporal-server';

const COMPOSE_BIN = '/usr/bin/docker-compose';
const COMPOSE_FILE = resolve(__dirname, '../../docker-compose.yml');

/** Secrets docker-compose.yml takes from the environment with `${VAR:?message}`; values pass loadConfig. */
const SECRETS: Record<string, string> = {
  SESSION_SECRET: 'dummy-session-secret-0123456789abcdef',
  DATA_KEY: 'ab'.repeat(32),
  SMTP_URL: 'smtp://user:pass@mail.example.test:587',
  PUBLIC_BASE_URL: 'https://dispatch.example.test',
  MAIL_FROM: 'dispatch@example.test',
  POSTGRES_PASSWORD: 'dummy0postgres0password',
  ACME_EMAIL: 'ops@example.test',
};
/** The SMS set: optional (a team on email alone leaves every one out). */
const SMS: Record<string, string> = {
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'dummy-auth-token-0123456789',
  TWILIO_FROM: '+15555550100',
};
const ROOT = resolve(__dirname, '../..');

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
      services = composeConfig({ ...SECRETS, ...SMS, METRICS_PORT: '9464' }).services;
    });

    test('has every service of the layout', () => {
      expect(Object.keys(services).sort()).toEqual(
        [
          'api',
          'backup',
          'caddy',
          'migrate',
          'postgres',
          'temporal',
          'temporal-namespace',
          'temporal-schema',
          'temporal-ui',
          'worker',
        ].sort(),
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
      for (const [key, value] of Object.entries({ ...SECRETS, ...SMS })) {
        if (key !== 'POSTGRES_PASSWORD' && key !== 'ACME_EMAIL') expect(env[key]).toBe(value);
      }
      expect(env).toHaveProperty('TWILIO_MESSAGING_SERVICE_SID');
      expect(env.METRICS_PORT).toBe('9464');
      expect(env).toHaveProperty('PAYLOAD_KEYS');
    });

    test.each(['api', 'worker', 'migrate'])('%s runs with every setting of deploy/app.env', (name) => {
      const env = environmentOf(services[name]);
      const appEnv = readEnvFile(DEPLOY_FILES.appEnv);
      expect(Object.keys(appEnv)).toEqual(expect.arrayContaining(['NODE_ENV', 'TRUST_PROXY']));
      for (const [key, value] of Object.entries(appEnv)) expect([key, env[key]]).toEqual([key, value]);
    });

    test.each(['api', 'worker', 'migrate'])('%s runs compiled JavaScript, not TypeScript', (name) => {
      const command = services[name].command as string[];
      expect(command[0]).toBe('node');
      expect(command[1]).toMatch(/^dist\/.+\.js$/);
    });

    /** Host paths of a service's bind mounts by their target (docker-compose 1.x prints "source:target:ro"). */
    const mountsOf = (service: ComposeService) =>
      Object.fromEntries(
        ((service.volumes ?? []) as (string | { source: string; target: string })[]).map((v) =>
          typeof v === 'string' ? [v.split(':')[1], v.split(':')[0]] : [v.target, v.source],
        ),
      ) as Record<string, string>;
    const fromRoot = (p: string | undefined) => (p === undefined ? undefined : relative(ROOT, resolve(ROOT, p)));

    test('the Temporal server runs the version the tests run, with deploy/temporal as its config', () => {
      const temporal = services.temporal;
      expect(temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION.slice(1)}`);
      expect(fromRoot(mountsOf(temporal)['/etc/temporal/deploy'])).toBe(relative(ROOT, DEPLOY_TEMPORAL_DIR));
      const entrypoint = (temporal.entrypoint as string[]).join(' ');
      // The same words scripts/temporal-server.ts starts the proof's server with.
      expect(entrypoint).toContain(`temporal-server --root /etc/temporal/deploy ${TEMPORAL_SERVER_ARGS.join(' ')}`);
    });

    test('the Temporal server runs with the same dynamic config as the dev server of npm start and the tests', () => {
      const file = environmentOf(services.temporal).TEMPORAL_DYNAMIC_CONFIG_FILE as string;
      expect(file).toBe('/etc/temporal/deploy/dynamicconfig.yaml');
      expect(resolve(DEPLOY_TEMPORAL_DIR, relative('/etc/temporal/deploy', file))).toBe(DEPLOY_FILES.dynamicConfig);
      const values = parse(readFileSync(DEPLOY_FILES.dynamicConfig, 'utf8')) as Record<string, { value: unknown }[]>;
      const asFlags = Object.entries(values).map(([key, [first]]) => `${key}=${String(first.value)}`);
      expect(asFlags.sort()).toEqual([...TEMPORAL_DYNAMIC_CONFIG].sort());
    });

    test.each([
      ['temporal-schema', 'setup-schema.sh'],
      ['temporal-namespace', 'setup-namespace.sh'],
    ])('%s is a one-shot admin-tools job running deploy/temporal/%s', (name, script) => {
      const job = services[name];
      expect(job.image).toMatch(new RegExp(`^temporalio/admin-tools:${TEMPORAL_SERVER_VERSION.slice(1)}-`));
      expect(job.entrypoint).toEqual(['sh', `/etc/temporal/deploy/${script}`]);
      expect(fromRoot(mountsOf(job)['/etc/temporal/deploy'])).toBe(relative(ROOT, DEPLOY_TEMPORAL_DIR));
      expect(job.restart).toBe('on-failure');
    });

    test('the namespace job sets up the namespace the app runs in', () => {
      expect(environmentOf(services['temporal-namespace']).TEMPORAL_NAMESPACE).toBe(
        readEnvFile(DEPLOY_FILES.appEnv).TEMPORAL_NAMESPACE,
      );
    });

    test('the Temporal frontend is never published, and only Caddy publishes a port', () => {
      const published = Object.entries(services)
        .filter(([, service]) => (service.ports as unknown[] | undefined)?.length)
        .map(([name]) => name);
      expect(published).toEqual(['caddy']);
      const caddyPorts = JSON.stringify(services.caddy.ports);
      expect(caddyPorts).not.toContain('7233');
      expect(caddyPorts).not.toContain('8080');
    });

    test('the Temporal UI is the version built for the proof, read-only, under /temporal, with deploy/temporal-ui.env', () => {
      const ui = services['temporal-ui'];
      expect(ui.image).toBe(`temporalio/ui:${TEMPORAL_UI_SERVER_VERSION.slice(1)}`);
      const env = environmentOf(ui);
      for (const [key, value] of Object.entries(readEnvFile(DEPLOY_FILES.temporalUiEnv))) {
        expect([key, env[key]]).toEqual([key, value]);
      }
      expect(env.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
      expect(env.TEMPORAL_UI_PUBLIC_PATH).toBe('/temporal');
      expect(env.TEMPORAL_CODEC_ENDPOINT).toBe(`${SECRETS.PUBLIC_BASE_URL}/codec`);
      expect(env.TEMPORAL_AUTH_ENABLED ?? 'false').toBe('false');
    });

    test("Caddy serves deploy/caddy/Caddyfile, for PUBLIC_BASE_URL, to every API replica and the UI behind the API's sign-in", () => {
      const caddy = services.caddy;
      expect(fromRoot(mountsOf(caddy)['/etc/caddy/Caddyfile'])).toBe(relative(ROOT, DEPLOY_FILES.caddyfile));
      const env = environmentOf(caddy);
      expect(env.PUBLIC_BASE_URL).toBe(SECRETS.PUBLIC_BASE_URL);
      expect(env.API_UPSTREAMS).toBe('dynamic a api 3000');
      expect(env.TEMPORAL_UI_UPSTREAM).toBe('temporal-ui:8080');
      const caddyfile = readFileSync(DEPLOY_FILES.caddyfile, 'utf8');
      expect(caddyfile).toMatch(
        /handle \/temporal\* \{\s*forward_auth \{\s*import api_upstreams\s*uri \/auth\/temporal-ui/,
      );
    });

    test('the API has no fixed host port and the API and the worker scale', () => {
      expect(services.api.ports).toBeUndefined();
      for (const name of ['api', 'worker']) {
        expect(services[name]).not.toHaveProperty('container_name');
        expect((services[name].deploy as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
      }
    });

    test('every long-running service has a healthcheck, rotated logs and a stop grace period', () => {
      const problems: string[] = [];
      for (const [name, service] of Object.entries(services)) {
        const logging = service.logging as { driver?: string; options?: Record<string, string> } | undefined;
        if (!logging?.options?.['max-size'] || !logging.options['max-file']) problems.push(`${name}: no log rotation`);
        if (service.restart === 'on-failure') continue; // a one-shot job: its completion is what others wait for
        if (service.restart !== 'unless-stopped') problems.push(`${name}: restart ${String(service.restart)}`);
        const test = (service.healthcheck as { test?: unknown } | undefined)?.test;
        if (!Array.isArray(test) || test.length < 2) problems.push(`${name}: no healthcheck`);
        if (!service.stop_grace_period) problems.push(`${name}: no stop_grace_period`);
      }
      expect(problems).toEqual([]);
      // Long enough for a wave in flight.
      for (const name of ['api', 'worker']) expect(services[name].stop_grace_period).toBe('60s');
    });

    test('the backup dumps the app and both Temporal databases with deploy/backup and keeps a set number', () => {
      const backup = services.backup;
      expect(backup.entrypoint).toEqual(['sh', '/deploy/backup/backup.sh']);
      expect(fromRoot(mountsOf(backup)['/deploy/backup'])).toBe(
        relative(ROOT, resolve(DEPLOY_FILES.backupScript, '..')),
      );
      const env = environmentOf(backup);
      expect((env.BACKUP_DATABASES as string).split(' ').sort()).toEqual([
        'dispatch',
        'temporal',
        'temporal_visibility',
      ]);
      expect(Number(env.BACKUP_KEEP)).toBeGreaterThan(0);
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

  describe('for a team on email alone (no TWILIO_* set)', () => {
    let services: Record<string, ComposeService>;
    beforeAll(() => {
      services = composeConfig(SECRETS).services;
    });

    test.each(['api', 'worker'])('%s starts with SMS off and no metrics endpoint', (name) => {
      const env = Object.fromEntries(
        Object.entries(environmentOf(services[name])).filter((entry): entry is [string, string] => entry[1] != null),
      );
      const config = loadConfig(env);
      expect(config.twilio).toBeUndefined();
      expect(config.metrics).toBeUndefined();
    });

    test('a partial SMS set still stops the app with a message naming what is missing', () => {
      const env = environmentOf(composeConfig({ ...SECRETS, TWILIO_ACCOUNT_SID: SMS.TWILIO_ACCOUNT_SID }).services.api);
      const present = Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] != null),
      );
      expect(() => loadConfig(present)).toThrow(/TWILIO_AUTH_TOKEN is required/);
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

/** Whether a version satisfies engines written as caret ranges joined by || (the form package.json uses). */
function satisfiesCarets(version: string, range: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return range.split('||').some((part) => {
    const m = /^\s*\^(\d+)(?:\.(\d+))?(?:\.\d+)?\s*$/.exec(part);
    if (!m) throw new Error(`engines range not understood: ${part}`);
    return major === Number(m[1]) && minor >= Number(m[2] ?? 0);
  });
}

describe('the Node version', () => {
  it('is the same major in the image and .nvmrc, and package.json engines allow it and the oldest we test on', () => {
    const nvmrc = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const froms = [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\d+)[-.]/gm)].map(
      (m) => m[1],
    );
    expect(froms.length).toBeGreaterThan(0);
    expect(new Set(froms)).toEqual(new Set([nvmrc]));
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(satisfiesCarets(`${nvmrc}.0.0`, engines)).toBe(true);
    expect(satisfiesCarets(process.version, engines)).toBe(true);
  });
});
