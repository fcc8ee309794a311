// The one logger of the API and the worker (pino, JSON lines). Personal data is kept out twice: fields that
// hold it are redacted by path, and every string (the message included) is scrubbed of phone numbers and
// email addresses as the last step before it is written.
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import pino, { type DestinationStream, type Logger } from 'pino';
import { scrub } from './domain/redact';

export type { Logger };

/** The small logging dependency createApp and the worker's parts take: one line, a level if it matters. */
export type Log = (msg: string, level?: 'info' | 'warn' | 'error') => void;

/** Fields that hold contact details or free text, wherever they sit in a logged object. */
const PERSONAL_FIELDS = ['phone', 'email', 'to', 'contact', 'message', 'body', 'text', 'outcome', 'note'];
export const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
];

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Error)
    return { type: value.name, message: scrub(value.message), stack: scrub(value.stack ?? '') };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
  return pino(
    {
      name: opts.name,
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
      hooks: {
        // The message (and any printf-style arguments) is scrubbed too.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination(1),
  );
}

/** A Log that writes through the logger (default level warn: the lines it carries are mostly trouble). */
export function lineLog(logger: Logger, fallback: 'info' | 'warn' | 'error' = 'warn'): Log {
  return (msg, level) => logger[level ?? fallback](msg);
}

const pinoLevel = (level: LogLevel) => (level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug'));

/** Temporal's Runtime logger (worker, workflow and activity lines, and the SDK core's) routed into pino. */
export function temporalLogger(logger: Logger, level: LogLevel = 'INFO'): DefaultLogger {
  const temporal = logger.child({ component: 'temporal' });
  return new DefaultLogger(level, (entry: LogEntry) => {
    const { meta } = entry;
    temporal[pinoLevel(entry.level)](meta ?? {}, entry.message);
  });
}
