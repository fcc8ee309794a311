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
    /** Throws TooManyAttempts while the account or the IP is locked out (checked before the password). */
    async check(email: string, ip: string): Promise<void> {
      const [account, fromIp] = await Promise.all([limits.peek(accountKey(email)), limits.peek(ipKey(ip))]);
      const locked = [
        account.count >= LOGIN_LIMITS.account.failures ? account.retryAfterMs : 0,
        fromIp.count >= LOGIN_LIMITS.ip.failures ? fromIp.retryAfterMs : 0,
      ];
      const wait = Math.max(...locked);
      if (wait > 0) throw new TooManyAttempts(wait);
    },
    async failed(email: string, ip: string): Promise<void> {
      await Promise.all([
        limits.hit(accountKey(email), LOGIN_LIMITS.account.windowMs),
        limits.hit(ipKey(ip), LOGIN_LIMITS.ip.windowMs),
      ]);
    },
    /** A right password clears the account's count (not the IP's: one good account must not unlock guessing). */
    async succeeded(email: string): Promise<void> {
      await limits.clear(accountKey(email));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
