// CSRF protection for signed-in, state-changing requests: a token bound to the session (an HMAC of its
// id), sent back in a hidden form field or the X-CSRF-Token header.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Forbidden } from '../errors';
import { SESSION_COOKIE } from './sign-in-session';

export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

/**
 * The token for the forms of a page shown to this request's session. Without a session cookie it is a token no
 * request can match (requireCsrf asks for one only where there is a session).
 */
export const sessionCsrfToken = (secret: string, req: Request): string =>
  csrfTokenFor(secret, String(req.cookies?.[SESSION_COOKIE] ?? ''));

/** Checks every POST/PUT/PATCH/DELETE that rides on the session cookie. */
export function requireCsrf(secret: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const sid = req.cookies?.[SESSION_COOKIE];
    if (typeof sid !== 'string' || !req.user) return next();
    const sent = (req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf) as unknown;
    const expected = Buffer.from(csrfTokenFor(secret, sid));
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(new Forbidden('This form has expired. Reload the page and try again.'));
    }
    next();
  };
}
