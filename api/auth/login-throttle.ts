// Sign-in throttling: failures are counted per account and per IP (Postgres, shared by every API process).
// An unknown email is counted exactly like a known one, so the lockout says nothing about which accounts exist.
import { createHash } from 'node:crypto';
import type { Stores } from '../../db';
import { HttpError } from '../errors';

export const LOGIN_LIMITS = {
  account: { failures: 5, windowMs: 15 * 60_000 },
  ip: { failures: 20, windowMs: 15 * 60_000 },
};

/** The email is hashed: the table keeps no addresses, not even mistyped ones. */
const accountKey = (email: string) =>
  `login-account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
const ipKey = (ip: string) => `login-ip:${ip}`;

export class TooManyAttempts extends HttpError {
  constructor(readonly retryAfterMs: number) {
    super(429, lockoutMessage(retryAfterMs));
  }
}

export function lockoutMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export function createLoginThrottle(stores: Stores) {
  const limits = stores.rateLimits;
  return {
    /**
     * Counts this attempt on the account and on the IP before the password is checked (one atomic upsert each,
     * so parallel guesses cannot slip past the limit), and throws TooManyAttempts when either is over it.
     */
    async attempt(email: string, ip: string): Promise<void> {
      const [account, fromIp] = await Promise.all([
        limits.hit(accountKey(email), LOGIN_LIMITS.account.windowMs),
        limits.hit(ipKey(ip), LOGIN_LIMITS.ip.windowMs),
      ]);
      const wait = Math.max(
        account.count > LOGIN_LIMITS.account.failures ? account.retryAfterMs : 0,
        fromIp.count > LOGIN_LIMITS.ip.failures ? fromIp.retryAfterMs : 0,
      );
      if (wait > 0) throw new TooManyAttempts(wait);
    },
    /**
     * A right password clears the account's count, and takes its own hit back from the IP's (so only failures
     * add up there; one good account must not unlock guessing at others).
     */
    async succeeded(email: string, ip: string): Promise<void> {
      await Promise.all([limits.clear(accountKey(email)), limits.unhit(ipKey(ip))]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
