// The last step of every way in (password, password + code): a fresh session id (no fixation), and the
// answer the client asked for.
import type { Request, Response } from 'express';
import type { Stores, User } from '../../db';
import { csrfTokenFor } from './csrf';
import { cookieOptions, SESSION_COOKIE } from './sign-in-session';

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
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({
      user: { id: user.id, role: user.role, roles: user.roles },
      csrfToken: csrfTokenFor(deps.sessionSecret, sid),
    });
  } else res.redirect(303, '/');
}
