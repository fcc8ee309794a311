// The environment schema, read once by the API, the worker and the scripts alike.
import { z } from 'zod';
import { defaultPayloadKey, parsePayloadKeys, PAYLOAD_KEYS_PATTERN } from './codec/payload-keys';
import type { PayloadKey } from './codec/payload-codec';

const url = (what: string) =>
  z.string({ error: `is required (${what})` }).refine((v) => URL.canParse(v), { message: `must be a URL (${what})` });

const hexKey = z
  .string({ error: 'is required (32 bytes as 64 hex characters)' })
  .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (a 256-bit key)' });

const schema = z
  .object({
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
    DEV_SINKS: z
      .enum(['0', '1'])
      .default('0')
      .transform((v) => v === '1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
  });

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  apiBase?: string;
}

export interface Config {
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl?: string };
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
  devSinks: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
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
    devSinks: e.DEV_SINKS,
    logLevel: e.LOG_LEVEL,
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
  'SMTP_URL',
  'MAIL_FROM',
  'SESSION_SECRET',
  'DATA_KEY',
] as const;
