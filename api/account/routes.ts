// One's own account while signed in: change the password (the current one first; every other session ends).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../domain/password-rule';
import { allow, RULES } from '../auth/access-policy';
import { csrfTokenFor } from '../auth/csrf';
import { lockoutMessage } from '../auth/login-throttle';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

/** Wrong current passwords a session may try (a stolen session must not become a password oracle). */
const CURRENT_TRIES = { limit: 5, windowMs: 15 * 60_000 };

function passwordPage(v: { user: { name: string; role: string }; csrf: string; error?: string; note?: string }) {
  return page(
    { title: 'Change your password', user: v.user },
    html`<h1>Change your password</h1>
      ${v.note ? notice(v.note) : ''} ${v.error ? html`<p class="error" role="alert" id="error">${v.error}</p>` : ''}
      <form method="post" action="/settings/password" id="change-password">
        ${csrfField(v.csrf)}
        <label for="current">Current password</label
        ><input type="password" id="current" name="current" autocomplete="current-password" />
        <label for="password">New password (at least ${MIN_PASSWORD_LENGTH} characters, not a common one)</label
        ><input type="password" id="password" name="password" autocomplete="new-password" />
        <label for="confirm">The same again</label
        ><input type="password" id="confirm" name="confirm" autocomplete="new-password" />
        <p><button type="submit" class="big">Change password</button></p>
      </form>
      <p class="hint">Changing it signs you out everywhere else.</p>`,
  );
}

export function accountRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const signedIn = allow(RULES.signedIn, { page: true });
  const render = (req: Request, res: Response, status: number, opts: { error?: string; note?: string } = {}) =>
    res
      .status(status)
      .type('html')
      .send(passwordPage({ user: req.user!, csrf: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]), ...opts }));

  router.get('/settings/password', signedIn, (req, res) => {
    render(req, res, 200, req.query.done === 'changed' ? { note: 'Your password is changed.' } : {});
  });

  router.post('/settings/password', signedIn, csrf, async (req, res) => {
    const user = req.user!;
    const str = (k: string) => (typeof req.body?.[k] === 'string' ? (req.body[k] as string).slice(0, 1024) : '');
    const [current, password, confirm] = [str('current'), str('password'), str('confirm')];
    const key = `change-password:${user.id}`;
    const tries = await stores.rateLimits.hit(key, CURRENT_TRIES.windowMs);
    if (tries.count > CURRENT_TRIES.limit) {
      render(req, res, 429, { error: lockoutMessage(tries.retryAfterMs) });
      return;
    }
    const creds = await stores.users.findCredentials(user.email);
    if (!creds || !(await verifyPassword(creds.passwordHash, current))) {
      render(req, res, 400, { error: 'Your current password is not right.' });
      return;
    }
    await stores.rateLimits.unhit(key);
    const problem =
      passwordProblem(password, [user.email, user.name]) ??
      (password === current
        ? 'Choose a password different from the current one.'
        : password !== confirm
          ? 'The two new passwords are not the same.'
          : undefined);
    if (problem) {
      render(req, res, 400, { error: problem });
      return;
    }
    await stores.accounts.setPassword(user.id, await hashPassword(password), req.cookies[SESSION_COOKIE]);
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
