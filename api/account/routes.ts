// One's own account while signed in: change the password (the current one first; every other session ends).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { sessionCsrfToken } from '../auth/csrf';
import { firstProblem, newPasswordSchema, readNewPasswordForm } from '../auth/form';
import { lockoutMessage } from '../auth/login-throttle';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { passwordPage } from './view';

/** Wrong current passwords a session may try (a stolen session must not become a password oracle). */
const CURRENT_TRIES = { limit: 5, windowMs: 15 * 60_000 };

export function accountRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const signedIn = allow(RULES.signedIn, { page: true });
  const render = (req: Request, res: Response, status: number, opts: { error?: string; note?: string } = {}) =>
    res
      .status(status)
      .type('html')
      .send(passwordPage({ user: req.user!, csrf: sessionCsrfToken(sessionSecret, req), ...opts }));

  router.get('/settings/password', signedIn, (req, res) => {
    render(req, res, 200, req.query.done === 'changed' ? { note: 'Your password is changed.' } : {});
  });

  router.post('/settings/password', signedIn, csrf, async (req, res) => {
    const user = req.user!;
    const sent = readNewPasswordForm(req.body);
    const key = `change-password:${user.id}`;
    const tries = await stores.rateLimits.hit(key, CURRENT_TRIES.windowMs);
    if (tries.count > CURRENT_TRIES.limit) {
      render(req, res, 429, { error: lockoutMessage(tries.retryAfterMs) });
      return;
    }
    const creds = await stores.users.findCredentials(user.email);
    if (!creds || !(await verifyPassword(creds.passwordHash, sent.current))) {
      render(req, res, 400, { error: 'Your current password is not right.' });
      return;
    }
    await stores.rateLimits.unhit(key);
    const form = newPasswordSchema({ personal: [user.email, user.name], current: true }).safeParse(sent);
    if (!form.success) {
      render(req, res, 400, { error: firstProblem(form.error) });
      return;
    }
    await stores.accounts.setPassword(user.id, await hashPassword(form.data.password), req.cookies[SESSION_COOKIE]);
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'user.password_changed',
      subjectType: 'user',
      subjectId: user.id,
    });
    res.redirect(303, '/settings/password?done=changed');
  });

  return router;
}
