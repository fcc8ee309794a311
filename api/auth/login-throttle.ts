// Sign-in throttling that an attacker cannot turn against the owner. Failures slow down one account from one
// address (or one known device) with delays that grow, never a lock of the whole account: the owner signing in
// from elsewhere, or from a browser that signed in before (the device cookie), is not held up by someone
// guessing. Every attempt is counted before the password is checked (one locked row per key), so parallel
// guesses cannot slip past. Per address, a cap on failures across accounts stops spraying. The owner is emailed
// once a day when failures pile up. An unknown email is counted exactly like a known one (no enumeration).
import { createHash } from 'node:crypto';
import type { Stores } from '../../db';
import { SIGN_IN_FAILURES_NOTICE_AFTER } from '../../domain/sign-in';
import { HttpError } from '../errors';

export const LOGIN_THROTTLE = {
  /** Failures of one account from one address (or device) before delays start. */
  freeFailures: 3,
  /** The delay after the first failure past the free ones; it doubles with each further failure, up to the cap. */
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** A pair with no attempt for this long starts again from nothing. */
  forgetAfterMs: 24 * 3_600_000,
  /** Failures from one address across every account (spraying), per window. Known devices are not counted. */
  ip: { failures: 20, windowMs: 15 * 60_000 },
  /** Failures at one account (from anywhere) in a day after which its owner gets one notice email. */
  noticeAfter: SIGN_IN_FAILURES_NOTICE_AFTER,
};

/** How long the next attempt waits after `failures` failures in a row (0 while they are free). */
export function delayAfter(failures: number): number {
  if (failures < LOGIN_THROTTLE.freeFailures) return 0;
  const doublings = failures - LOGIN_THROTTLE.freeFailures;
  return Math.min(LOGIN_THROTTLE.maxDelayMs, LOGIN_THROTTLE.firstDelayMs * 2 ** Math.min(doublings, 30));
}

const hashed = (s: string) => createHash('sha256').update(s).digest('hex');
/** The email is hashed: the table keeps no addresses, not even mistyped ones. */
const emailHash = (email: string) => hashed(email.trim().toLowerCase());
const pairKey = (email: string, ip: string) => `login-pair:${emailHash(email)}:${ip}`;
const deviceKey = (email: string, device: string) => `login-device:${emailHash(email)}:${hashed(device)}`;
const ipKey = (ip: string) => `login-ip:${ip}`;
const noticeKey = (email: string) => `login-failures:${emailHash(email)}`;

export class TooManyAttempts extends HttpError {
  constructor(readonly retryAfterMs: number) {
    super(429, lockoutMessage(retryAfterMs));
  }
}

export function lockoutMessage(retryAfterMs: number): string {
  if (retryAfterMs < 60_000) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
  }
  const minutes = Math.ceil(retryAfterMs / 60_000);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/** Where an attempt comes from: the address, and the device cookie when the browser sent one. */
export interface Origin {
  ip: string;
  /** The device cookie's value, only when it is a known device of the account being signed into. */
  knownDevice?: string;
}

export function createLoginThrottle(stores: Stores) {
  const limits = stores.rateLimits;
  const keyOf = (email: string, o: Origin) => (o.knownDevice ? deviceKey(email, o.knownDevice) : pairKey(email, o.ip));
  return {
    /**
     * Counts this attempt before the password is checked and throws TooManyAttempts while the account is slowed
     * down from this origin (or the address is over its cap). The next attempt from here waits as if this one
     * fails; a success takes that back.
     */
    async attempt(email: string, o: Origin): Promise<void> {
      if (!o.knownDevice) {
        const fromIp = await limits.peek(ipKey(o.ip));
        if (fromIp.count >= LOGIN_THROTTLE.ip.failures) throw new TooManyAttempts(fromIp.retryAfterMs);
      }
      const step = await limits.step(keyOf(email, o), delayAfter, LOGIN_THROTTLE.forgetAfterMs);
      if (!step.allowed) throw new TooManyAttempts(step.retryAfterMs);
    },
    /** A wrong password: counts on the address's cap; true when the owner should now get the notice email. */
    async failed(email: string, o: Origin, accountExists: boolean): Promise<boolean> {
      if (!o.knownDevice) await limits.hit(ipKey(o.ip), LOGIN_THROTTLE.ip.windowMs);
      if (!accountExists) return false;
      const day = await limits.hit(noticeKey(email), 24 * 3_600_000);
      return day.count === LOGIN_THROTTLE.noticeAfter;
    },
    /** A right password clears this origin's delays for the account. */
    async succeeded(email: string, o: Origin): Promise<void> {
      await limits.clear(keyOf(email, o));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
