// The environment schema, read once by the API, the worker and the scripts alike.
import { isIP } from 'node:net';
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
    TWILIO_ACCOUNT_SID: z.string({ error: 'is required' }).regex(/^AC[0-9a-fA-F]{32}$/, {
      message: 'must look like AC followed by 32 hex characters',
    }),
    TWILIO_AUTH_TOKEN: z.string({ error: 'is required' }).min(16, { message: 'must be at least 16 characters' }),
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
    // A workflow bundle built ahead (tests, bench): the worker skips bundling at start.
    WORKFLOW_BUNDLE_PATH: z.string().optional(),
    // 0: this worker only runs workflows and activities; the workspace-wide jobs (handover-reminder scan,
    // creating the daily pool-health schedule) are left to another worker (tests sharing one database).
    WORKER_WORKSPACE_JOBS: z
      .enum(['0', '1'])
      .default('1')
      .transform((v) => v === '1'),
  })
  .refine((c) => c.TWILIO_FROM || c.TWILIO_MESSAGING_SERVICE_SID, {
    message: 'set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID',
    path: ['TWILIO_FROM'],
  })
  // The dev sinks record every message sent and show it, links included, on an unauthenticated outbox page.
  .refine((c) => !(c.DEV_SINKS && c.NODE_ENV === 'production'), {
    message:
      'cannot be 1 when NODE_ENV=production: the dev sinks show every message sent (accept links, contacts) ' +
      'to anyone who reaches the API; unset DEV_SINKS and set TWILIO_*/SMTP_URL to the real providers',
    path: ['DEV_SINKS'],
  });

export interface Config {
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl?: string };
  publicBaseUrl: string;
  twilio: { accountSid: string; authToken: string; from?: string; messagingServiceSid?: string; apiBase?: string };
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
  workflowBundlePath?: string;
  /** False: the handover-reminder scan and the pool-health schedule set-up are left to another worker. */
  workspaceJobs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every missing or malformed variable is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
      apiBase: e.TWILIO_API_BASE?.replace(/\/$/, ''),
    },
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
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    workspaceJobs: e.WORKER_WORKSPACE_JOBS,
  };
}

/** The variables the API and the worker cannot start without (docker-compose must provide them). */
export const REQUIRED_ENV = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'PUBLIC_BASE_URL',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'SMTP_URL',
  'MAIL_FROM',
  'SESSION_SECRET',
  'DATA_KEY',
] as const;
