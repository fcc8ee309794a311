// `npm run doctor`: every check of a deployment's configuration and the services it needs, one result per line,
// each failure with what to do about it. A module of its own so the checks are tested against real services.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { createTwilioClient } from '../../notifications/channels/sms';
import { ConfigError, loadConfig, temporalConnectionOptions, type Config, type TwilioConfig } from '../../config';
import { createDb, pendingMigrations } from '../../db';

export type CheckStatus = 'ok' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** What was found (no secrets: URLs are shown without their passwords). */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export interface SearchAttribute {
  name: string;
  type: 'Keyword' | 'Bool' | 'Int' | 'Double' | 'Datetime' | 'Text' | 'KeywordList';
}

/**
 * Where the product's custom search attributes are declared (name=Type pairs in TEMPORAL_SEARCH_ATTRIBUTES, the
 * file the namespace set-up reads). Absent: the product defines none and the doctor checks none.
 */
export const SEARCH_ATTRIBUTES_FILE = path.resolve(__dirname, '../../deploy/temporal/namespace.env');

/** The search attributes the namespace must have: the declaration file's, plus any listed here. */
export const EXTRA_SEARCH_ATTRIBUTES: readonly SearchAttribute[] = [];

/** Reads `TEMPORAL_SEARCH_ATTRIBUTES="Name=Type ..."` out of an env file's text. */
export function parseSearchAttributes(envFileText: string): SearchAttribute[] {
  const line = /^\s*TEMPORAL_SEARCH_ATTRIBUTES\s*=\s*"?([^"\n]*)"?\s*$/m.exec(envFileText);
  if (!line) return [];
  return line[1]
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [name, type] = pair.split('=');
      return { name, type: type as SearchAttribute['type'] };
    });
}

export function productSearchAttributes(file = SEARCH_ATTRIBUTES_FILE): SearchAttribute[] {
  const declared = existsSync(file) ? parseSearchAttributes(readFileSync(file, 'utf8')) : [];
  return [...declared, ...EXTRA_SEARCH_ATTRIBUTES.filter((a) => !declared.some((d) => d.name === a.name))];
}

/** What to do about a variable config.ts refused. */
const FIX_BY_VARIABLE: Record<string, string> = {
  DATABASE_URL: 'set it to postgres://user:password@host:5432/database',
  TEMPORAL_ADDRESS: 'set it to the Temporal frontend as host:port (7233 by default)',
  PUBLIC_BASE_URL: 'set it to the https:// address people and Twilio reach the app at',
  TWILIO_ACCOUNT_SID: 'copy the Account SID (AC...) from the Twilio console',
  TWILIO_AUTH_TOKEN: 'copy the Auth Token from the Twilio console',
  TWILIO_FROM: 'set TWILIO_FROM to your Twilio number in E.164 (+15551234567) or TWILIO_MESSAGING_SERVICE_SID',
  TWILIO_MESSAGING_SERVICE_SID: 'copy the Messaging Service SID (MG...) from the Twilio console',
  SMTP_URL: "set it to smtp://user:password@host:587 (smtps:// for implicit TLS); URL-encode the password's symbols",
  MAIL_FROM: 'set it to the sender, e.g. "Peer Dispatch <dispatch@your-domain.org>"',
  SESSION_SECRET: 'generate one: openssl rand -hex 32',
  DATA_KEY: 'generate one: openssl rand -hex 32 (and keep it: contact details encrypted with it are lost without it)',
  PAYLOAD_KEYS: 'write id:64hex pairs separated by commas, the newest first: e.g. k2:$(openssl rand -hex 32),k1:<old>',
  METRICS_PORT: 'set a port number such as 9464, or "off"',
};

const PRIVATE_HOST = /^(localhost|.*\.localhost|.*\.local|.*\.internal|.*\.lan|.*\.home\.arpa)$/i;

/** True when Twilio, on the public internet, cannot reach this host. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(host);
  if (family === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (family === 6) return host === '::1' || host === '::' || /^(fc|fd|fe[89ab])/.test(host);
  // A name without a dot (a container's name) resolves only inside its own network.
  return PRIVATE_HOST.test(host) || !host.includes('.');
}

/** A URL for display: the password replaced, so doctor's output can be pasted into a ticket. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The checks that need no network: config.ts's own, then what it does not check (schemes, sender, production). */
export function configurationChecks(env: NodeJS.ProcessEnv): { results: CheckResult[]; config?: Config } {
  const results: CheckResult[] = [];
  let config: Config | undefined;
  try {
    config = loadConfig(env);
    results.push({ check: 'configuration', status: 'ok', detail: 'every variable parses' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) {
      const variable = problem.split(' ')[0];
      results.push({
        check: 'configuration',
        status: 'fail',
        detail: problem,
        fix: FIX_BY_VARIABLE[variable] ?? 'see .env.example',
      });
    }
  }
  const production = env.NODE_ENV === 'production';
  const scheme = (variable: string, allowed: string[], fix: string) => {
    const value = env[variable];
    if (!value || !URL.canParse(value)) return; // missing or not a URL: reported by the configuration check
    const protocol = new URL(value).protocol;
    if (!allowed.includes(protocol)) {
      results.push({
        check: `${variable} scheme`,
        status: 'fail',
        detail: `${variable} starts with ${protocol}//, expected ${allowed.map((a) => `${a}//`).join(' or ')}`,
        fix,
      });
    }
  };
  scheme('DATABASE_URL', ['postgres:', 'postgresql:'], FIX_BY_VARIABLE.DATABASE_URL);
  scheme('SMTP_URL', ['smtp:', 'smtps:'], FIX_BY_VARIABLE.SMTP_URL);
  scheme(
    'PUBLIC_BASE_URL',
    production ? ['https:'] : ['https:', 'http:'],
    production
      ? 'use https:// in production (Twilio signs the https URL; session cookies are Secure)'
      : FIX_BY_VARIABLE.PUBLIC_BASE_URL,
  );
  scheme('TWILIO_API_BASE', ['https:', 'http:'], 'unset it to talk to Twilio, or give the http(s) base of a sink');
  scheme('TEMPORAL_UI_URL', ['https:', 'http:'], 'give the http(s) address of the Temporal Web UI, or unset it');

  if (env.TWILIO_FROM && !E164.test(env.TWILIO_FROM)) {
    results.push({
      check: 'SMS sender',
      status: 'fail',
      detail: `TWILIO_FROM is not an E.164 number (a + and 7 to 15 digits, no spaces)`,
      fix: 'write the Twilio number as +15551234567',
    });
  }
  if (env.MAIL_FROM && !/[^\s<@]+@[^\s>@]+\.[^\s>@]+/.test(env.MAIL_FROM)) {
    results.push({
      check: 'email sender',
      status: 'fail',
      detail: 'MAIL_FROM holds no email address',
      fix: FIX_BY_VARIABLE.MAIL_FROM,
    });
  }
  // Keys of the right length can still be placeholders ("aaaa...", "changeme...changeme").
  const weak = (value: string | undefined) => value !== undefined && new Set(value.toLowerCase()).size < 8;
  for (const variable of ['SESSION_SECRET', 'DATA_KEY']) {
    if (weak(env[variable])) {
      results.push({
        check: 'keys',
        status: 'fail',
        detail: `${variable} has fewer than 8 different characters: a placeholder, not a key`,
        fix: FIX_BY_VARIABLE[variable],
      });
    }
  }
  if (env.PUBLIC_BASE_URL && URL.canParse(env.PUBLIC_BASE_URL)) {
    const host = new URL(env.PUBLIC_BASE_URL).hostname;
    if (isPrivateHost(host)) {
      results.push(
        production
          ? {
              check: 'PUBLIC_BASE_URL',
              status: 'fail',
              detail: `${host} cannot be reached from the internet: Twilio's webhooks and everyone's links would fail`,
              fix: 'set PUBLIC_BASE_URL to the public https:// name of this server (its DNS record points here)',
            }
          : { check: 'PUBLIC_BASE_URL', status: 'ok', detail: `${host} is local (fine outside production)` },
      );
    } else {
      results.push({ check: 'PUBLIC_BASE_URL', status: 'ok', detail: `${host} is a public name` });
    }
  }
  if (production && env.TWILIO_API_BASE) {
    results.push({
      check: 'production',
      status: 'fail',
      detail: `TWILIO_API_BASE sends every SMS to ${safeUrl(env.TWILIO_API_BASE)}, not to Twilio`,
      fix: 'unset TWILIO_API_BASE in production',
    });
  }
  if (production && env.DEV_SINKS === '1') {
    results.push({
      check: 'production',
      status: 'fail',
      detail: 'DEV_SINKS=1 shows every message sent on an open page',
      fix: 'unset DEV_SINKS in production',
    });
  }
  return { results, config };
}

const errorCode = (err: unknown): string | undefined => {
  const e = err as { code?: unknown; errors?: { code?: unknown }[] };
  // pg reports a refused connection to every address of a name as an AggregateError.
  return typeof e.code === 'string' ? e.code : (e.errors?.find((x) => typeof x.code === 'string')?.code as string);
};
const messageOf = (err: unknown) =>
  String((err as { message?: unknown } | undefined)?.message || err || 'no answer').split('\n')[0];

async function bounded<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`${what} did not answer within ${ms} ms`), { code: 'TIMEOUT' })),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkPostgres(config: Config, timeoutMs: number): Promise<CheckResult> {
  const check = 'PostgreSQL';
  const where = safeUrl(config.databaseUrl);
  // Quiet: the pool's own warning would repeat what this check's line says.
  const db = createDb(config.databaseUrl, { max: 1 }, { quiet: true });
  try {
    const version = await bounded(timeoutMs, 'PostgreSQL', async () => {
      const { rows } = await db.raw<{ rows: { server_version: string }[] }>('show server_version');
      return rows[0].server_version;
    });
    const pending = await bounded(timeoutMs, 'PostgreSQL', () => pendingMigrations(db));
    if (pending.length > 0) {
      return {
        check,
        status: 'fail',
        detail: `connected to ${where} (PostgreSQL ${version}); ${pending.length} migration(s) not run: ${pending.join(', ')}`,
        fix: 'run npm run migrate (docker-compose: the migrate job) before starting the API and the worker',
      };
    }
    return { check, status: 'ok', detail: `connected to ${where} (PostgreSQL ${version}), schema up to date` };
  } catch (err) {
    const code = errorCode(err);
    const fix =
      code === '28P01' || code === '28000'
        ? "check the user and password in DATABASE_URL (URL-encode the password's symbols)"
        : code === '3D000'
          ? 'create the database (createdb), or fix its name in DATABASE_URL'
          : code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'TIMEOUT'
            ? "check DATABASE_URL's host and port, and that PostgreSQL is running and reachable from here"
            : 'check DATABASE_URL and the server log';
    return { check, status: 'fail', detail: `${where}: ${messageOf(err)}`, fix };
  } finally {
    await db.destroy();
  }
}

/** Temporal's IndexedValueType numbers, as the operator service lists them. */
export const INDEXED_VALUE_TYPES: Record<number, SearchAttribute['type']> = {
  1: 'Text',
  2: 'Keyword',
  3: 'Int',
  4: 'Double',
  5: 'Bool',
  6: 'Datetime',
  7: 'KeywordList',
};

export async function checkTemporal(
  config: Config,
  timeoutMs: number,
  searchAttributes: readonly SearchAttribute[],
): Promise<CheckResult[]> {
  const { address, namespace } = config.temporal;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: timeoutMs });
  } catch (err) {
    return [
      {
        check: 'Temporal',
        status: 'fail',
        detail: `${address}: ${messageOf(err)}`,
        fix: 'check TEMPORAL_ADDRESS, that the Temporal frontend is running, and its TLS or API key settings (TEMPORAL_TLS*, TEMPORAL_API_KEY)',
      },
    ];
  }
  try {
    const results: CheckResult[] = [];
    try {
      await bounded(timeoutMs, 'Temporal', () => connection.workflowService.describeNamespace({ namespace }));
      results.push({ check: 'Temporal', status: 'ok', detail: `${address}, namespace "${namespace}" present` });
    } catch (err) {
      const notFound = (err as { code?: number }).code === 5;
      return [
        {
          check: 'Temporal',
          status: 'fail',
          detail: notFound ? `${address} has no namespace "${namespace}"` : `${address}: ${messageOf(err)}`,
          fix: notFound
            ? `create it: temporal operator namespace create --namespace ${namespace} --retention 30d (or fix TEMPORAL_NAMESPACE)`
            : 'check TEMPORAL_ADDRESS and that this client may use the namespace (certificate, API key)',
        },
      ];
    }
    if (searchAttributes.length === 0) return results;
    try {
      const { customAttributes } = await bounded(timeoutMs, 'Temporal', () =>
        connection.operatorService.listSearchAttributes({ namespace }),
      );
      const have = customAttributes ?? {};
      const missing = searchAttributes.filter((a) => INDEXED_VALUE_TYPES[have[a.name] as number] !== a.type);
      results.push(
        missing.length === 0
          ? {
              check: 'Temporal search attributes',
              status: 'ok',
              detail: searchAttributes.map((a) => `${a.name} (${a.type})`).join(', '),
            }
          : {
              check: 'Temporal search attributes',
              status: 'fail',
              detail: `missing or of another type in "${namespace}": ${missing.map((a) => `${a.name} (${a.type})`).join(', ')}`,
              fix: missing
                .map(
                  (a) =>
                    `temporal operator search-attribute create --namespace ${namespace} --name ${a.name} --type ${a.type}`,
                )
                .join('; '),
            },
      );
    } catch (err) {
      results.push({
        check: 'Temporal search attributes',
        status: 'fail',
        detail: `could not list them: ${messageOf(err)}`,
        fix: 'Temporal Cloud lists them in its console; self-hosted: check this client may call the operator service',
      });
    }
    return results;
  } finally {
    await connection.close();
  }
}

export async function checkSmtp(config: Config, timeoutMs: number): Promise<CheckResult> {
  const check = 'SMTP';
  const where = safeUrl(config.smtpUrl);
  if (!/^smtps?:$/.test(new URL(config.smtpUrl).protocol)) {
    return { check, status: 'skip', detail: 'not tried: SMTP_URL is not an smtp:// or smtps:// URL' };
  }
  // The URL as the email sender reads it; the timeouts apply where the URL sets none.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    // The greeting, EHLO, STARTTLS where offered, and the login when SMTP_URL carries a user.
    await bounded(timeoutMs + 1000, 'SMTP', () => transport.verify());
    const user = new URL(config.smtpUrl).username;
    return {
      check,
      status: 'ok',
      detail: `${where} greets${user ? ' and accepts the login' : ' (no login configured)'}`,
    };
  } catch (err) {
    const code = errorCode(err);
    const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH/.test(messageOf(err));
    const fix =
      code === 'EAUTH'
        ? "check the user and password in SMTP_URL (URL-encode the password's symbols)"
        : !unreachable && (code === 'ETLS' || code === 'ESOCKET')
          ? 'check the port and scheme: smtps:// for implicit TLS (465), smtp:// with STARTTLS (587)'
          : "check SMTP_URL's host and port, and that outgoing connections to it are allowed";
    return { check, status: 'fail', detail: `${where}: ${messageOf(err)}`, fix };
  } finally {
    transport.close();
  }
}

export async function checkTwilio(config: Config, timeoutMs: number): Promise<CheckResult> {
  const check = 'Twilio';
  const twilio = config.twilio;
  if (!twilio) return { check, status: 'skip', detail: 'SMS is off (no TWILIO_* set): the team runs on email alone' };
  const where = twilio.apiBase ? ` at ${safeUrl(twilio.apiBase)}` : '';
  try {
    const client = createTwilioClient(twilio);
    const account = await bounded(timeoutMs, 'Twilio', () => client.api.v2010.accounts(twilio.accountSid).fetch());
    if (account.status !== 'active') {
      return {
        check,
        status: 'fail',
        detail: `account ${twilio.accountSid}${where} is ${account.status}`,
        fix: 'reactivate the account in the Twilio console (a suspended or closed account sends nothing)',
      };
    }
    return { check, status: 'ok', detail: `account ${twilio.accountSid}${where} answers (active)` };
  } catch (err) {
    return twilioFailure(check, twilio, where, err);
  }
}

/** The sender belongs to the account: a number of the account that can send SMS, or an existing Messaging Service. */
export async function checkTwilioSender(config: Config, timeoutMs: number): Promise<CheckResult> {
  const check = 'Twilio sender';
  const twilio = config.twilio;
  if (!twilio) return { check, status: 'skip', detail: 'SMS is off (no TWILIO_* set): the team runs on email alone' };
  const where = twilio.apiBase ? ` at ${safeUrl(twilio.apiBase)}` : '';
  const client = createTwilioClient(twilio);
  try {
    if (twilio.messagingServiceSid) {
      const service = await bounded(timeoutMs, 'Twilio', () =>
        client.messaging.v1.services(twilio.messagingServiceSid as string).fetch(),
      );
      return { check, status: 'ok', detail: `Messaging Service ${service.sid} (${service.friendlyName}) found` };
    }
    const from = twilio.from as string;
    const numbers = await bounded(timeoutMs, 'Twilio', () =>
      client.api.v2010.accounts(twilio.accountSid).incomingPhoneNumbers.list({ phoneNumber: from, limit: 1 }),
    );
    const number = numbers[0];
    if (!number) {
      return {
        check,
        status: 'fail',
        detail: `${from} is not a number of account ${twilio.accountSid}${where}`,
        fix: 'set TWILIO_FROM to a number the account owns (Phone Numbers → Active numbers), in E.164',
      };
    }
    if (number.capabilities && number.capabilities.sms === false) {
      return {
        check,
        status: 'fail',
        detail: `${from} cannot send SMS`,
        fix: 'buy a number with SMS capability, or use a Messaging Service',
      };
    }
    return { check, status: 'ok', detail: `${from} belongs to the account and can send SMS` };
  } catch (err) {
    return twilioFailure(check, twilio, where, err);
  }
}

function twilioFailure(check: string, twilio: TwilioConfig, where: string, err: unknown): CheckResult {
  const status = (err as { status?: number }).status;
  return {
    check,
    status: 'fail',
    detail: `account ${twilio.accountSid}${where}: ${status ? `HTTP ${status}: ` : ''}${messageOf(err)}`,
    fix:
      status === 404 && check === 'Twilio sender'
        ? 'check TWILIO_MESSAGING_SERVICE_SID (Messaging → Services in the Twilio console)'
        : status === 401 || status === 403 || status === 404
          ? 'check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Twilio console, Account Info)'
          : twilio.apiBase
            ? 'check TWILIO_API_BASE, or unset it to talk to Twilio'
            : 'check that this server can reach api.twilio.com over https',
  };
}

/** Every check, in order: configuration first; the services only when the configuration parses. */
export async function runDoctor(
  env: NodeJS.ProcessEnv,
  opts: { timeoutMs?: number; searchAttributes?: readonly SearchAttribute[] } = {},
): Promise<CheckResult[]> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const { results, config } = configurationChecks(env);
  if (!config) {
    for (const check of ['PostgreSQL', 'Temporal', 'SMTP', 'Twilio'])
      results.push({ check, status: 'skip', detail: 'not tried: the configuration above is invalid' });
    return results;
  }
  const [pg, temporal, smtp, twilio] = await Promise.all([
    checkPostgres(config, timeoutMs),
    checkTemporal(config, timeoutMs, opts.searchAttributes ?? productSearchAttributes()),
    checkSmtp(config, timeoutMs),
    // The sender is asked about only once the account answers (one line for wrong credentials, not two).
    checkTwilio(config, timeoutMs).then(async (account) =>
      account.status === 'ok' ? [account, await checkTwilioSender(config, timeoutMs)] : [account],
    ),
  ]);
  return [...results, pg, ...temporal, smtp, ...twilio];
}

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

/** One line per check: "FAIL SMTP: smtp://...: connection refused → check SMTP_URL's host and port". */
export function formatResult(r: CheckResult): string {
  return `${MARK[r.status]} ${r.check}: ${r.detail}${r.fix ? ` → ${r.fix}` : ''}`;
}
