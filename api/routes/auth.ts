// Sign in and out. Accounts are invite-only: there is no sign-up route.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { csrfTokenFor } from '../auth/csrf';
import { cookieOptions, requireRole, SESSION_COOKIE } from '../auth/session';
import { html, page } from '../views/html';
import { allow, RULES } from '../auth/access-policy';

function loginPage(error?: string, email = ''): string {
  return page(
    { title: 'Sign in' },
    html`<h1>Sign in</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/login">
        <label for="email">Email</label
        ><input type="email" id="email" name="email" autocomplete="username" value="${email}" />
        <label for="password">Password</label
        ><input type="password" id="password" name="password" autocomplete="current-password" />
        <p><button type="submit" class="big">Sign in</button></p>
      </form>`,
  );
}

export function authRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, secureCookies, sessionSecret } = deps;
  const router = Router();

  router.get('/login', allow(RULES.public), (_req, res) => {
    res.type('html').send(loginPage());
  });

  router.post('/login', allow(RULES.public), async (req, res) => {
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const found = email ? await stores.users.findCredentials(email) : undefined;
    const ok = found
      ? await verifyPassword(found.passwordHash, password)
      : await verifyPassword(await dummyHash(), 'x');
    if (!found || !ok) {
      res.status(401).type('html').send(loginPage('That email and password do not match an account.', email));
      return;
    }
    // A fresh session id at every sign-in (no fixation); the old one, if any, is dropped.
    const previous = req.cookies?.[SESSION_COOKIE];
    if (typeof previous === 'string') await stores.sessions.destroy(previous);
    const sid = await stores.sessions.create(found.user.id);
    res.cookie(SESSION_COOKIE, sid, cookieOptions(secureCookies));
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ user: { id: found.user.id, role: found.user.role }, csrfToken: csrfTokenFor(sessionSecret, sid) });
    } else res.redirect(303, '/');
  });

  /** Who is signed in, and the CSRF token their state-changing calls must carry. */
  router.get('/api/session', requireRole('coordinator', 'lead', 'counselor'), (req, res) => {
    const u = req.user!;
    res.json({
      user: { id: u.id, role: u.role, name: u.name, workspaceId: u.workspaceId },
      csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
    });
  });

  router.post('/logout', allow(RULES.public), async (req, res) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (typeof sid === 'string') await stores.sessions.destroy(sid);
    res.clearCookie(SESSION_COOKIE, cookieOptions(secureCookies));
    res.redirect(303, '/login');
  });

  return router;
}
