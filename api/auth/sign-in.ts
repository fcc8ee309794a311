// The last step of every way in (password, password + code): a fresh session id (no fixation), and the
// answer the client asked for.
import type { Request, Response } from 'express';
import type { Stores, User } from '../../db';
import { csrfTokenFor } from './csrf';
import { cookieOptions, SESSION_COOKIE } from './sign-in-session';

export const DEVICE_COOKIE = 'device';

export async function beginSession(
  req: Request,
  res: Response,
  deps: { stores: Stores; secureCookies: boolean; sessionSecret: string },
  user: User,
): Promise<void> {
  const previous = req.cookies?.[SESSION_COOKIE];
  if (typeof previous === 'string') await deps.stores.sessions.destroy(previous);
  const sid = await deps.stores.sessions.create(user.id);
  res.cookie(SESSION_COOKIE, sid, cookieOptions(deps.secureCookies));
  // This browser is now a known device of the account: others' failed guesses do not slow its sign-ins.
  const known = req.cookies?.[DEVICE_COOKIE];
  const device = await deps.stores.accounts.rememberDevice(user.id, typeof known === 'string' ? known : undefined);
  res.cookie(DEVICE_COOKIE, device, { ...cookieOptions(deps.secureCookies), maxAge: 180 * 86_400_000 });
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({
      user: { id: user.id, role: user.role, roles: user.roles },
      csrfToken: csrfTokenFor(deps.sessionSecret, sid),
    });
  } else res.redirect(303, '/');
}
