// The last step of every way in (password, password + code): a fresh session id (no fixation), and the
// answer the client asked for.
import type { Request, Response } from 'express';
import type { Stores, User } from '../../db';
import { csrfTokenFor } from './csrf';
import { SESSION_COOKIE } from './sign-in-session';
import { AUTH_COOKIES, setAuthCookie } from './cookie-names';

export const DEVICE_COOKIE = AUTH_COOKIES.device;

export async function beginSession(
  req: Request,
  res: Response,
  deps: { stores: Stores; secureCookies: boolean; sessionSecret: string },
  user: User,
): Promise<void> {
  const sid = await openSession(req, res, deps, user);
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({
      user: { id: user.id, role: user.role, roles: user.roles },
      csrfToken: csrfTokenFor(deps.sessionSecret, sid),
    });
  } else res.redirect(303, '/');
}

/** The session and the known-device cookie, without an answer (a caller with more to say answers itself). */
export async function openSession(
  req: Request,
  res: Response,
  deps: { stores: Stores; secureCookies: boolean },
  user: User,
): Promise<string> {
  const previous = req.cookies?.[SESSION_COOKIE];
  if (typeof previous === 'string') await deps.stores.signInSessions.destroy(previous);
  const sid = await deps.stores.signInSessions.create(user.id);
  setAuthCookie(res, SESSION_COOKIE, sid, deps.secureCookies);
  // This browser is now a known device of the account: others' failed guesses do not slow its sign-ins.
  const known = req.cookies?.[DEVICE_COOKIE];
  const device = await deps.stores.accounts.rememberDevice(user.id, typeof known === 'string' ? known : undefined);
  setAuthCookie(res, DEVICE_COOKIE, device, deps.secureCookies, { maxAge: 180 * 86_400_000 });
  return sid;
}
