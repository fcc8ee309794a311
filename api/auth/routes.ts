// Sign in and out. Accounts are invite-only: there is no sign-up route. Sign-in is throttled per account and
// per IP (api/auth/login-throttle.ts), its form carries a pre-session CSRF token, and whoever set up two-step
// sign-in is asked for a code next (api/auth/totp-routes.ts); whoever must have it and has none sets it
// up before anything else (api/auth/two-step-setup-routes.ts).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import type { Engine } from '../../engine';
import { allow, RULES } from '../auth/access-policy';
import { sessionCsrfToken } from '../auth/csrf';
import { createLoginThrottle, TooManyAttempts } from '../auth/login-throttle';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { requireRole, SESSION_COOKIE } from './sign-in-session';
import { clearAuthCookie, setAuthCookie } from './cookie-names';
import { LOGIN_CHALLENGE_COOKIE } from './totp-routes';
import { codeStepPage, loginPage, signOutPage } from './sign-in-view';
import { beginSession, DEVICE_COOKIE } from '../auth/sign-in';
import { secondStepFor } from './two-step';
import { TWO_STEP_SETUP_PATH } from './two-step-setup-routes';
import { readSignInForm } from './form';

/** How long the notice's start may take before it is given up (logged): the answer has already gone. */
const NOTICE_START_DEADLINE_MS = 5000;

export function authRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  csrf: RequestHandler;
  sessionSecret: string;
  engine: Engine;
  log: (msg: string) => void;
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
    const { email, password } = readSignInForm(req.body);
    const ip = req.ip ?? 'unknown';
    const found = email ? await stores.users.findCredentials(email) : undefined;
    // A device cookie counts only for the account it belongs to (someone else's cookie is just an address).
    const device = req.cookies?.[DEVICE_COOKIE];
    const knownDevice =
      found && typeof device === 'string' && (await stores.accounts.deviceOwner(device)) === found.user.id
        ? device
        : undefined;
    const origin = { ip, knownDevice };
    const again = (status: number, error: string) =>
      res
        .status(status)
        .type('html')
        .send(loginPage(formToken(req, res), { error, email }));
    // Security events (a throttled or failed attempt) name the account tried, when there is one, never the email.
    res.locals.securityAccountId = found?.user.id;
    try {
      await throttle.attempt(email, origin);
    } catch (err) {
      if (!(err instanceof TooManyAttempts)) throw err;
      res.set('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
      if (req.accepts(['html', 'json']) === 'json') throw err;
      again(429, err.message);
      return;
    }
    const ok = found
      ? await verifyPassword(found.passwordHash, password)
      : await verifyPassword(await dummyHash(), 'x');
    if (!found || !ok) {
      // The owner is told once a day, through the send-once ledger in their language, like every other message;
      // started after answering, so the answer takes the same time either way ('close': also when the guesser
      // drops the connection before the answer is written, which 'finish' would miss).
      if (await throttle.failed(email, origin, !!found))
        res.once('close', () => {
          const userId = found!.user.id;
          deps.engine
            .within(NOTICE_START_DEADLINE_MS, () => deps.engine.startSignInFailuresEmail(userId))
            .catch((err: Error) => deps.log(`sign-in notice for ${userId} not started: ${err.name}`));
        });
      again(401, 'That email and password do not match an account.');
      return;
    }
    await throttle.succeeded(email, origin);
    const next = await secondStepFor(stores, found.user);
    if (next !== 'none') {
      // Password right, second step to come (or to set up first): no session yet, only a short-lived challenge.
      const challenge = await stores.accounts.createLoginChallenge(found.user.id);
      setAuthCookie(res, LOGIN_CHALLENGE_COOKIE, challenge, secureCookies, { maxAge: 5 * 60_000 });
      const json = req.accepts(['html', 'json']) === 'json';
      if (next === 'setup') {
        if (json) res.status(202).json({ next: 'setup', setupUrl: TWO_STEP_SETUP_PATH });
        else res.redirect(303, TWO_STEP_SETUP_PATH);
      } else if (json) res.status(202).json({ next: 'code', codeUrl: '/login/code' });
      else
        res
          .type('html')
          .send(codeStepPage(formToken(req, res), { passkey: (await stores.passkeys.count(found.user.id)) > 0 }));
      return;
    }
    await beginSession(req, res, { stores, secureCookies, sessionSecret }, found.user);
  });

  /** Who is signed in, and the CSRF token their state-changing calls must carry. */
  router.get('/api/session', requireRole('coordinator', 'lead', 'counselor'), (req, res) => {
    const u = req.user!;
    res.json({
      user: { id: u.id, role: u.role, roles: u.roles, name: u.name, workspaceId: u.workspaceId },
      csrfToken: sessionCsrfToken(sessionSecret, req),
    });
  });

  // The header's "Sign out" is a link here: signing out is a POST with the session's CSRF token.
  router.get('/logout', signedIn, (req, res) => {
    res.type('html').send(signOutPage(req.user!, sessionCsrfToken(sessionSecret, req)));
  });

  router.post('/logout', signedIn, csrf, async (req, res) => {
    await stores.signInSessions.destroy(req.cookies[SESSION_COOKIE]);
    clearAuthCookie(res, SESSION_COOKIE, secureCookies);
    res.redirect(303, '/login');
  });

  router.post('/logout/everywhere', signedIn, csrf, async (req, res) => {
    await stores.signInSessions.destroyAllFor(req.user!.id);
    clearAuthCookie(res, SESSION_COOKIE, secureCookies);
    res.redirect(303, '/login');
  });

  return router;
}
