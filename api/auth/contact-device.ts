// The device that tapped Accept: a cookie the accept POST sets, bound to that offer and signed with the session
// secret, so the winner's link shows the requester's contact again on that phone, and nowhere else without
// signing in (a forwarded SMS, a link scanner, a shared screen).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { setAuthCookie, wireName } from './cookie-names';

const MAX_AGE_MS = 14 * 24 * 3600_000; // as long as an offer link lives

const cookieOf = (offerId: string) => `pd-contact-${offerId.replace(/-/g, '')}`;

export const contactDeviceCookie = (offerId: string, secure: boolean): string => wireName(cookieOf(offerId), secure);

const sign = (secret: string, offerId: string, nonce: string) =>
  createHmac('sha256', secret).update(`contact-device\u0000${offerId}\u0000${nonce}`).digest('base64url');

export function rememberContactDevice(res: Response, secret: string, offerId: string, secure: boolean): void {
  const nonce = randomBytes(16).toString('base64url');
  setAuthCookie(res, cookieOf(offerId), `${nonce}.${sign(secret, offerId, nonce)}`, secure, { maxAge: MAX_AGE_MS });
}

export function isContactDevice(req: Request, secret: string, offerId: string, secure: boolean): boolean {
  const value = req.cookies?.[contactDeviceCookie(offerId, secure)];
  if (typeof value !== 'string') return false;
  const [nonce, mac] = value.split('.');
  if (!nonce || !mac) return false;
  const want = Buffer.from(sign(secret, offerId, nonce));
  const got = Buffer.from(mac);
  return got.length === want.length && timingSafeEqual(got, want);
}
