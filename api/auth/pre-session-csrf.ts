// CSRF for the forms a visitor posts before having a session (sign in, forgot password, set a new password,
// the second sign-in step): a random pre-session cookie, and in the form an HMAC of it (double submit, signed).
// A forged cross-site post carries neither the cookie's value nor a token made from it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { newToken } from '../../db';
import { Forbidden } from '../errors';
import { AUTH_COOKIES, setAuthCookie } from './cookie-names';

export const PRE_SESSION_COOKIE = AUTH_COOKIES.preSession;

const tokenFor = (secret: string, id: string) => createHmac('sha256', secret).update(`pre:${id}`).digest('base64url');

/** The token for this visitor's form; sets the pre-session cookie when they have none yet. */
export function preSessionToken(req: Request, res: Response, secret: string, secure: boolean): string {
  let id = req.cookies?.[PRE_SESSION_COOKIE];
  if (typeof id !== 'string' || id.length < 16) {
    id = newToken();
    setAuthCookie(res, PRE_SESSION_COOKIE, id, secure);
  }
  return tokenFor(secret, id);
}

export function requirePreSessionCsrf(secret: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = req.cookies?.[PRE_SESSION_COOKIE];
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    const expected = Buffer.from(typeof id === 'string' ? tokenFor(secret, id) : 'x');
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (typeof id !== 'string' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(new Forbidden('This form has expired. Reload the page and try again.'));
    }
    next();
  };
}
