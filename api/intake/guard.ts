// Spam and abuse protection for the public intake, without a third-party service:
// - a per-IP rate limit on submissions, in Postgres (rate_limits): the API runs as several processes behind a
//   load balancer and restarts, and an in-process bucket would give each process its own allowance;
// - on the HTML form, a honeypot field people never see (hidden by the .hp class, not an inline style: strict CSP)
//   and a signed render time: a form sent back faster than a person can fill it, older than a day, or without a
//   valid stamp is refused without creating anything.
// The JSON endpoint (POST /api/requests) gets the rate limit and the honeypot when a client sends it, but not the
// timing check: its callers are workspaces' own web forms (CORS) and API clients, which never received a stamp.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Stores } from '../../db';
import { html, type SafeHtml } from '../ui/html';
import { randomBytes } from 'node:crypto';

export const HONEYPOT_FIELD = 'website';
export const STAMP_FIELD = '_t';
export const MAX_FORM_AGE_MS = 24 * 60 * 60_000;
export const INTAKE_WINDOW_MS = 10 * 60_000;

/** What a refused submission is told: nothing about why (a bot learns nothing), and what to do. */
export const NEUTRAL_REFUSAL =
  'We could not send your request. Please wait a moment and send it again. If you are in danger right now, call your local emergency number.';

const sign = (secret: string, slug: string, at: number, nonce: string) =>
  createHmac('sha256', secret).update(`intake:${slug}:${at}:${nonce}`).digest('base64url');

/** `<render time>.<nonce>.<mac>`: the nonce makes every rendered form's stamp its own, so each works once. */
export function intakeStamp(secret: string, slug: string, now = Date.now()): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${now}.${nonce}.${sign(secret, slug, now, nonce)}`;
}

/** The key under which a stamp's one use is recorded (rate_limits, kept as long as a stamp can be valid). */
export const stampUseKey = (stamp: string): string => `intake-stamp:${stamp.split('.').pop()}`;

export type StampCheck = 'ok' | 'missing' | 'invalid' | 'too-fast' | 'too-old';

export function checkIntakeStamp(
  secret: string,
  slug: string,
  stamp: unknown,
  minFillMs: number,
  now = Date.now(),
): StampCheck {
  if (typeof stamp !== 'string' || !stamp) return 'missing';
  const [atText, nonce, mac, extra] = stamp.split('.');
  const at = Number(atText);
  if (!Number.isSafeInteger(at) || !nonce || !mac || extra !== undefined) return 'invalid';
  const expected = Buffer.from(sign(secret, slug, at, nonce));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  if (now - at < minFillMs) return 'too-fast';
  if (now - at > MAX_FORM_AGE_MS) return 'too-old';
  return 'ok';
}

export function honeypotFilled(body: unknown): boolean {
  const v = (body as Record<string, unknown> | undefined)?.[HONEYPOT_FIELD];
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null && v !== '';
}

/** The hidden fields the HTML form carries: the signed render time and the honeypot. */
export function intakeProtectionFields(
  secret: string,
  slug: string,
  honeypotLabel = 'Leave this field empty',
): SafeHtml {
  return html`<input type="hidden" name="${STAMP_FIELD}" value="${intakeStamp(secret, slug)}" />
    <div class="hp" aria-hidden="true">
      <label for="${HONEYPOT_FIELD}">${honeypotLabel}</label
      ><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" />
    </div>`;
}

/** Counts a submission from this IP; true when it is over the limit (0: no limit). */
export async function overIntakeLimit(
  stores: Stores,
  ip: string,
  limit: number,
): Promise<{ over: boolean; retryAfterMs: number }> {
  if (limit <= 0) return { over: false, retryAfterMs: 0 };
  const { count, retryAfterMs } = await stores.rateLimits.hit(`intake-ip:${ip}`, INTAKE_WINDOW_MS);
  return { over: count > limit, retryAfterMs };
}
