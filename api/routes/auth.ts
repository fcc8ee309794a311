// Sign in and out. Accounts are invite-only: there is no sign-up route. Sign-in is throttled per account and
// per IP (api/auth/login-throttle.ts), its form carries a pre-session CSRF token, and a coordinator who enrolled
// TOTP is asked for a code next (api/routes/totp.ts).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { csrfTokenFor } from '../auth/csrf';
import { createLoginThrottle, TooManyAttempts } from '../auth/login-throttle';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { cookieOptions, requireRole, SESSION_COOKIE } from '../auth/session';
import { beginSession } from '../auth/sign-in';
import { csrfField, notice } from '../views/form-parts';
import { html, page } from '../views/html';
import { codeStepPage, LOGIN_CHALLENGE_COOKIE } from './totp';

function loginPage(csrf: string, opts: { error?: string; email?: string; note?: string } = {}): string {
  return page(
    { title: 'Sign in' },
    html`<h1>Sign in</h1>
      ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/login">
        ${csrfField(csrf)}
        <label for="email">Email</label
        ><input type="email" id="email" name="email" autocomplete="username" value="${opts.email ?? ''}" />
        <label for="password">Password</label
        ><input type="password" id="password" name="password" autocomplete="current-password" />
        <p><button type="submit" class="big">Sign in</button></p>
      </form>
      <p><a href="/forgot-password">Forgot your password?</a></p>`,
  );
}

function signOutPage(user: { name: string; role: string }, csrf: string): string {
  return page(
    { title: 'Sign out', user },
    html`<h1>Sign out</h1>
      <form method="post" action="/logout">
        ${csrfField(csrf)}
        <p><button type="submit" class="big">Sign out</button></p>
      </form>
      <form method="post" action="/logout/everywhere">
        ${csrfField(csrf)}
        <p>Lost a phone, or signed in on a shared computer? End every session of your account, here and elsewhere.</p>
        <p><button type="submit">Sign out everywhere</button></p>
      </form>`,
  );
}

export function authRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, secureCookies, sessionSecret, csrf } = deps;
  const router = Router();
  const throttle = createLoginThrottle(stores);
  const preCsrf = requirePreSessionCsrf(sessionSecret);
  const formToken = (req: Request, res: Response) => preSessionToken(req, res, sessionSecret, secureCookies);
  const signedIn = allow(RULES.signedIn, { page: true });

  router.get('/login', allow(RULES.public), (req, res) => {
    const note = req.query.done === 'reset' ? 'Your password is set. Sign in with it.' : undefined;
    res.type('html').send(loginPage(formToken(req, res), { note }));
  });

  router.post('/login', allow(RULES.public), preCsrf, async (req, res) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.slice(0, 320) : '';
    const password = typeof req.body?.password === 'string' ? req.body.password.slice(0, 1024) : '';
    const ip = req.ip ?? 'unknown';
    const again = (status: number, error: string) =>
      res
        .status(status)
        .type('html')
        .send(loginPage(formToken(req, res), { error, email }));
    try {
      await throttle.attempt(email, ip);
    } catch (err) {
      if (!(err instanceof TooManyAttempts)) throw err;
      res.set('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
      if (req.accepts(['html', 'json']) === 'json') throw err;
      again(429, err.message);
      return;
    }
    const found = email ? await stores.users.findCredentials(email) : undefined;
    const ok = found
      ? await verifyPassword(found.passwordHash, password)
      : await verifyPassword(await dummyHash(), 'x');
    if (!found || !ok) {
      // The security event names the account tried (when there is one), never the email typed.
      res.locals.securityAccountId = found?.user.id;
      again(401, 'That email and password do not match an account.');
      return;
    }
    await throttle.succeeded(email, ip);
    if ((await stores.accounts.totp(found.user.id)).secret) {
      // Password right, code to come: no session yet, only a short-lived challenge.
      const challenge = await stores.accounts.createLoginChallenge(found.user.id);
      res.cookie(LOGIN_CHALLENGE_COOKIE, challenge, { ...cookieOptions(secureCookies), maxAge: 5 * 60_000 });
      if (req.accepts(['html', 'json']) === 'json') res.status(202).json({ next: 'code', codeUrl: '/login/code' });
      else res.type('html').send(codeStepPage(formToken(req, res)));
      return;
    }
    await beginSession(req, res, { stores, secureCookies, sessionSecret }, found.user);
  });

  /** Who is signed in, and the CSRF token their state-changing calls must carry. */
  router.get('/api/session', requireRole('coordinator', 'lead', 'counselor'), (req, res) => {
    const u = req.user!;
    res.json({
      user: { id: u.id, role: u.role, name: u.name, workspaceId: u.workspaceId },
      csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
    });
  });

  // The header's "Sign out" is a link here: signing out is a POST with the session's CSRF token.
  router.get('/logout', signedIn, (req, res) => {
    res.type('html').send(signOutPage(req.user!, csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE])));
  });

  router.post('/logout', signedIn, csrf, async (req, res) => {
    await stores.sessions.destroy(req.cookies[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, cookieOptions(secureCookies));
    res.redirect(303, '/login');
  });

  router.post('/logout/everywhere', signedIn, csrf, async (req, res) => {
    await stores.sessions.destroyAllFor(req.user!.id);
    res.clearCookie(SESSION_COOKIE, cookieOptions(secureCookies));
    res.redirect(303, '/login');
  });

  return router;
}
