// The environment schema, read once by the API, the worker and the scripts alike.
import { isIP } from 'node:net';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { z } from 'zod';
import { defaultPayloadKey, parsePayloadKeys, PAYLOAD_KEYS_PATTERN } from './codec/payload-keys';
import type { PayloadKey } from './codec/payload-codec';

const url = (what: string) =>
  z.string({ error: `is required (${what})` }).refine((v) => URL.canParse(v), { message: `must be a URL (${what})` });

const hexKey = z
  .string({ error: 'is required (32 bytes as 64 hex characters)' })
  .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (a 256-bit key)' });

/** Names express (proxy-addr) knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

const isProxyAddress = (entry: string) => {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};

/**
 * TRUST_PROXY: which proxies in front of the API may say who the visitor is (X-Forwarded-For), so the per-address
 * intake and sign-in limits count visitors, not the proxy. A number of hops (1: one proxy, Caddy in
 * docker-compose.yml), or a comma-separated list of addresses, CIDR ranges and the names loopback, linklocal,
 * uniquelocal. Unset: loopback only (a proxy on the same machine).
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): number | string[] => {
    if (v === undefined || v === '') return ['loopback'];
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'must be a hop count of at most 10' });
      return hops;
    }
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          `must be a number of proxy hops (e.g. 1) or addresses/CIDR ranges separated by commas ` +
          `(e.g. 10.0.0.0/8,loopback); not understood: ${bad.join(', ')}`,
      });
    }
    return entries;
  });

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    DATABASE_URL: url('postgres://user:pass@host:5432/db'),
    TEMPORAL_ADDRESS: z.string({ error: 'is required (host:port of the Temporal frontend)' }).regex(/^[^:\s]+:\d+$/, {
      message: 'must be host:port',
    }),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('dispatch'),
    TEMPORAL_UI_URL: z.string().optional(),
    PUBLIC_BASE_URL: url('the address people reach the app at, used in links'),
    // SMS is optional as a set: with no TWILIO_* at all the team runs on email alone.
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, {
        message: 'must look like AC followed by 32 hex characters',
      })
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
    TWILIO_FROM: z.string().optional(),
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/)
      .optional(),
    TWILIO_API_BASE: url('base URL for Twilio REST calls').optional(),
    SMTP_URL: url('smtp://user:pass@host:port'),
    MAIL_FROM: z.string({ error: 'is required (the sender address of emails)' }).min(3),
    SESSION_SECRET: z.string({ error: 'is required' }).min(32, { message: 'must be at least 32 characters' }),
    DATA_KEY: hexKey,
    // Temporal payload encryption: "id:64hex,..."; the first key encrypts, all decrypt. Default: derived from DATA_KEY.
    PAYLOAD_KEYS: z
      .string()
      .regex(PAYLOAD_KEYS_PATTERN, {
        message: 'must be id:64hex pairs separated by commas (ids: letters, digits, - _)',
      })
      .refine((v) => new Set(v.split(',').map((e) => e.split(':')[0])).size === v.split(',').length, {
        message: 'must not repeat a key id',
      })
      .optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // The address the API listens on (default every interface; with the dev sinks on, loopback only).
    HOST: z
      .string()
      .refine((v) => isIP(v) !== 0, { message: 'must be an IP address to listen on (e.g. 0.0.0.0 or 127.0.0.1)' })
      .optional(),
    DEV_SINKS: z
      .enum(['0', '1'])
      .default('0')
      .transform((v) => v === '1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    TRUST_PROXY: trustProxy,
    // Public intake: submissions per IP per 10 minutes (0: no limit), and the least time a person takes to fill
    // the HTML form (faster is a bot). Tests and the bench submit faster than people, all from one address.
    INTAKE_RATE_LIMIT: z.coerce.number().int().min(0).default(30),
    INTAKE_MIN_FILL_MS: z.coerce.number().int().min(0).default(2000),
    // "Forgot password" requests per address per hour (0: no limit). Tests send them from one address, many files
    // sharing one database: the suite runs without the limit; tests/api/password-reset-limit.test.ts checks it.
    PASSWORD_RESET_RATE_LIMIT: z.coerce.number().int().min(0).default(10),
    // A workflow bundle built ahead (tests, bench): the worker skips bundling at start.
    WORKFLOW_BUNDLE_PATH: z.string().optional(),
    // 0: this worker only runs workflows and activities; the workspace-wide jobs (handover-reminder scan,
    // creating the daily pool-health schedule) are left to another worker (tests sharing one database).
    WORKER_WORKSPACE_JOBS: z
      .enum(['0', '1'])
      .default('1')
      .transform((v) => v === '1'),
    // Worker tuning (unset: the Temporal SDK's defaults, which the bench measured as good as any on 2 cores):
    // the sticky cache of workflows, slots for workflow tasks and activities, or the resource-based tuner, which
    // sizes the slots by the machine's CPU and memory use (it cannot be combined with fixed slot counts).
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
    WORKER_RESOURCE_TUNER: z
      .string()
      .optional()
      .refine((v) => !v || /^0?\.\d+,0?\.\d+$/.test(v), {
        message: 'must be "<target CPU>,<target memory>" as fractions, e.g. 0.8,0.8',
      }),
    // The Prometheus endpoint (GET /metrics) on a port of its own; unset or "off": none. Never publish it.
    METRICS_PORT: z
      .string()
      .optional()
      .refine((v) => !v || v === 'off' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
        message: 'must be a port number (1-65535) or "off"',
      })
      .transform((v) => (v && v !== 'off' ? Number(v) : undefined)),
    METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  })
  .superRefine((c, ctx) => {
    const sender = c.TWILIO_FROM || c.TWILIO_MESSAGING_SERVICE_SID;
    const any = c.TWILIO_ACCOUNT_SID || c.TWILIO_AUTH_TOKEN || sender || c.TWILIO_API_BASE;
    if (!any) return; // email only
    const why = '(SMS needs the whole set; leave every TWILIO_* unset to run on email alone)';
    if (!c.TWILIO_ACCOUNT_SID)
      ctx.addIssue({ code: 'custom', path: ['TWILIO_ACCOUNT_SID'], message: `is required ${why}` });
    if (!c.TWILIO_AUTH_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: `is required ${why}` });
    if (!sender)
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_FROM'],
        message: `set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID ${why}`,
      });
  })
  // The SDK refuses the two together at the worker's start; say so with the other configuration problems.
  .refine(
    (c) =>
      !(
        c.WORKER_RESOURCE_TUNER &&
        (c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined || c.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined)
      ),
    {
      message: 'cannot be set with WORKER_MAX_CONCURRENT_WORKFLOW_TASKS or WORKER_MAX_CONCURRENT_ACTIVITIES',
      path: ['WORKER_RESOURCE_TUNER'],
    },
  )
  // The dev sinks record every message sent and show it, links included, on an unauthenticated outbox page.
  .refine((c) => !(c.DEV_SINKS && c.NODE_ENV === 'production'), {
    message:
      'cannot be 1 when NODE_ENV=production: the dev sinks show every message sent (accept links, contacts) ' +
      'to anyone who reaches the API; unset DEV_SINKS and set TWILIO_*/SMTP_URL to the real providers',
    path: ['DEV_SINKS'],
  });

/**
 * How every process connects to Temporal (api, worker, scripts): the address, and for a secured cluster or Temporal
 * Cloud the TLS settings (mTLS client certificate and key, a private CA, a server name override) or an API key.
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  /** gRPC headers (TEMPORAL_GRPC_META_<NAME>=value). */
  metadata?: Record<string, string>;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  apiBase?: string;
}

export interface Config {
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl?: string;
    /** What Connection.connect and NativeConnection.connect take (with the address). */
    connection: TemporalConnectionOptions;
  };
  publicBaseUrl: string;
  /** Absent: no SMS at all (an email-only team). */
  twilio?: TwilioConfig;
  smtpUrl: string;
  mailFrom: string;
  sessionSecret: string;
  dataKey: Buffer;
  /** Temporal payload encryption keys, the encrypting one first. */
  payloadKeys: PayloadKey[];
  port: number;
  /** Where the API listens: loopback whenever the dev sinks are on (the outbox shows every message sent). */
  host: string;
  devSinks: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** express's 'trust proxy': hops to trust, or the addresses and ranges of trusted proxies. */
  trustProxy: number | string[];
  intake: { rateLimit: number; minFillMs: number };
  passwordReset: { perAddressLimit: number };
  workflowBundlePath?: string;
  /** False: the handover-reminder scan and the pool-health schedule set-up are left to another worker. */
  workspaceJobs: boolean;
  /** The Prometheus endpoint's port and bind address; undefined: no endpoint. */
  metrics?: { port: number; host: string };
  /** Worker tuning; every field unset: the SDK's defaults. */
  workerTuning: {
    maxCachedWorkflows?: number;
    maxConcurrentWorkflowTaskExecutions?: number;
    maxConcurrentActivityTaskExecutions?: number;
    resourceTuner?: { targetCpuUsage: number; targetMemoryUsage: number };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const TLS_PAIRS = [
  ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'],
  ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'],
] as const;

/**
 * The Temporal connection through the SDK's own environment configuration (@temporalio/envconfig), the variables
 * Temporal's CLI and every SDK read: TEMPORAL_TLS=true, TEMPORAL_TLS_CLIENT_CERT_PATH/_DATA and
 * TEMPORAL_TLS_CLIENT_KEY_PATH/_DATA (mTLS), TEMPORAL_TLS_SERVER_CA_CERT_PATH/_DATA (a private CA),
 * TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY (Temporal Cloud; turns TLS on), TEMPORAL_GRPC_META_*, and a profile of
 * a TOML file only when TEMPORAL_CONFIG_FILE names one (a developer's own ~/.config/temporalio is not read).
 */
export function parseTemporalConnection(
  env: NodeJS.ProcessEnv,
  address: string,
): { options?: TemporalConnectionOptions; problems: string[] } {
  const problems: string[] = [];
  const has = (names: readonly string[]) => names.some((n) => env[n]);
  if (has(TLS_PAIRS[0]) !== has(TLS_PAIRS[1])) {
    problems.push(
      'TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_* go together (mTLS needs the certificate and its key)',
    );
  }
  for (const [path, data] of TLS_PAIRS) {
    if (env[path] && env[data]) problems.push(`set ${path} or ${data}, not both`);
  }
  if (env.TEMPORAL_TLS !== undefined && !['true', 'false', '1', '0'].includes(env.TEMPORAL_TLS)) {
    problems.push('TEMPORAL_TLS must be true or false');
  }
  if (problems.length > 0) return { problems };
  try {
    const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const { connectionOptions } = loadClientConnectConfig({
      overrideEnvVars: vars,
      ...(env.TEMPORAL_CONFIG_FILE ? { configSource: { path: env.TEMPORAL_CONFIG_FILE } } : { disableFile: true }),
    });
    const tls = connectionOptions.tls ?? undefined;
    const metadata = connectionOptions.metadata as Record<string, string> | undefined;
    return {
      options: {
        address,
        ...(tls !== undefined ? { tls } : {}),
        ...(typeof connectionOptions.apiKey === 'string' ? { apiKey: connectionOptions.apiKey } : {}),
        ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
      },
      problems,
    };
  } catch (err) {
    // An unreadable certificate file or a broken TOML profile: named by the SDK's own message.
    return { problems: [`TEMPORAL_TLS* / TEMPORAL_CONFIG_FILE: ${(err as Error).message}`] };
  }
}

/** Connection options for Connection.connect / NativeConnection.connect: the one way every process connects. */
export const temporalConnectionOptions = (config: Pick<Config, 'temporal'>): TemporalConnectionOptions =>
  config.temporal.connection;

/** Parses the environment once; every missing or malformed variable is reported together. */
/** SMS settings that an empty value leaves unset (compose passes `${TWILIO_FROM:-}` as ""): email alone. */
const BLANK_IS_UNSET = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_API_BASE',
];

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const env = { ...rawEnv };
  for (const key of BLANK_IS_UNSET) if (env[key]?.trim() === '') delete env[key];
  const parsed = schema.safeParse(env);
  const temporal = parseTemporalConnection(env, parsed.data?.TEMPORAL_ADDRESS ?? env.TEMPORAL_ADDRESS ?? '');
  if (!parsed.success || !temporal.options) {
    throw new ConfigError([
      ...(parsed.error?.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`) ?? []),
      ...temporal.problems,
    ]);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      connection: temporal.options,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
            apiBase: e.TWILIO_API_BASE?.replace(/\/$/, ''),
          }
        : undefined,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET,
    dataKey: Buffer.from(e.DATA_KEY, 'hex'),
    payloadKeys: e.PAYLOAD_KEYS
      ? parsePayloadKeys(e.PAYLOAD_KEYS)
      : [defaultPayloadKey(Buffer.from(e.DATA_KEY, 'hex'))],
    port: e.PORT,
    host: e.DEV_SINKS ? '127.0.0.1' : (e.HOST ?? '0.0.0.0'),
    devSinks: e.DEV_SINKS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    intake: { rateLimit: e.INTAKE_RATE_LIMIT, minFillMs: e.INTAKE_MIN_FILL_MS },
    passwordReset: { perAddressLimit: e.PASSWORD_RESET_RATE_LIMIT },
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    workspaceJobs: e.WORKER_WORKSPACE_JOBS,
    workerTuning: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      ...(e.WORKER_RESOURCE_TUNER
        ? {
            resourceTuner: {
              targetCpuUsage: Number(e.WORKER_RESOURCE_TUNER.split(',')[0]),
              targetMemoryUsage: Number(e.WORKER_RESOURCE_TUNER.split(',')[1]),
            },
          }
        : {}),
    },
    ...(e.METRICS_PORT !== undefined ? { metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST } } : {}),
  };
}

const adminSchema = z.object({
  DATABASE_URL: url('postgres://user:pass@host:5432/db'),
  PUBLIC_BASE_URL: url('the address people reach the app at, used in links').optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dispatch'),
});

export interface AdminConfig {
  databaseUrl: string;
  /** Needed only by the verbs that print a link (create-workspace, invite). */
  publicBaseUrl?: string;
  /** Where a withdrawn offer's decline signal is queued when its request has no outbox row. */
  taskQueue: string;
}

/**
 * The admin command needs only the database (and the public address for the links it prints): it is run
 * before anything else is configured, e.g. `docker-compose run --rm api npm run admin -- list-workspaces`.
 */
export function loadAdminConfig(env: NodeJS.ProcessEnv = process.env): AdminConfig {
  const parsed = adminSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    publicBaseUrl: parsed.data.PUBLIC_BASE_URL?.replace(/\/$/, ''),
    taskQueue: parsed.data.TEMPORAL_TASK_QUEUE,
  };
}

/** The variables the API and the worker cannot start without (docker-compose must provide them). */
export const REQUIRED_ENV = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'PUBLIC_BASE_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'SESSION_SECRET',
  'DATA_KEY',
] as const;
