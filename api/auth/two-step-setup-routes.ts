// Setting up two-step sign-in during sign-in, for whoever must have it and has none (coordinators, leads, and
// counselors where the team asks it): after the right password there is no session, only the login challenge,
// and this page is the one thing it opens. A passkey (offered first, where the browser can make one) or a code from
// an authenticator app turns it on, the recovery codes are shown once, and only then does the session begin.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores, User } from '../../db';
import { allow, RULES } from './access-policy';
import { lockoutMessage } from './login-throttle';
import { preSessionToken, requirePreSessionCsrf } from './pre-session-csrf';
import { clearAuthCookie, setAuthCookie } from './cookie-names';
import { csrfTokenFor } from './csrf';
import { openSession } from './sign-in';
import { matchTotpStep, newTotpSecret, otpauthUri } from './totp';
import { auditTotpEnrolled, hasSecondFactor, secondStepFor } from './two-step';
import { firstProblem, totpCodeSchema } from './form';
import { recoveryCodesPage, twoStepSetupPage } from './two-step-view';
import { LOGIN_CHALLENGE_COOKIE } from './totp-routes';
import { auditPasskey, passkeyName, type PasskeyService } from './passkeys';

export const TWO_STEP_SETUP_PATH = '/login/two-step';
export const CODE_FAILURES = { limit: 5, windowMs: 15 * 60_000 };

/** The person a pending sign-in is for, when that sign-in still needs its second step set up. */
export async function pendingSetup(stores: Stores, req: Request): Promise<User | undefined> {
  const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
  const userId = typeof challenge === 'string' ? await stores.accounts.resolveLoginChallenge(challenge) : undefined;
  const user = userId ? await stores.users.getById(userId) : undefined;
  if (!user || user.deactivatedAt) return undefined;
  // Someone who has a second step already uses it (/login/code): the password alone never adds another.
  return (await hasSecondFactor(stores, user.id)) ? undefined : user;
}

/**
 * For a way in that proves who someone is without the sign-in form (accepting an invitation): when they must have
 * two-step sign-in, no session yet: the same pending sign-in as after a password, and on to the set-up. False when
 * nothing more is needed (the caller begins the session).
 */
export async function setUpBeforeSession(
  res: Response,
  deps: { stores: Stores; secureCookies: boolean },
  user: User,
): Promise<boolean> {
  if ((await secondStepFor(deps.stores, user)) !== 'setup') return false;
  const challenge = await deps.stores.accounts.createLoginChallenge(user.id);
  setAuthCookie(res, LOGIN_CHALLENGE_COOKIE, challenge, deps.secureCookies, { maxAge: 5 * 60_000 });
  res.redirect(303, TWO_STEP_SETUP_PATH);
  return true;
}

/** Ends the pending sign-in, begins the session and shows the recovery codes once (JSON: in the answer). */
export async function finishSetup(
  req: Request,
  res: Response,
  deps: { stores: Stores; secureCookies: boolean; sessionSecret: string },
  user: User,
  method: { totp: true } | { passkey: string },
): Promise<void> {
  const { stores } = deps;
  if ('passkey' in method)
    await auditPasskey(stores, req, user, 'passkey-added', { passkey: method.passkey, during: 'sign-in' });
  else await auditTotpEnrolled(stores, req, user, { during: 'sign-in' });
  const codes = await stores.accounts.newRecoveryCodes(user.id);
  const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
  if (typeof challenge === 'string') await stores.accounts.endLoginChallenge(challenge);
  clearAuthCookie(res, LOGIN_CHALLENGE_COOKIE, deps.secureCookies);
  const sid = await openSession(req, res, deps, user);
  if (req.accepts(['html', 'json']) === 'json')
    res.json({
      user: { id: user.id, role: user.role, roles: user.roles },
      csrfToken: csrfTokenFor(deps.sessionSecret, sid),
      recoveryCodes: codes,
    });
  else res.type('html').send(recoveryCodesPage(codes));
}

export function twoStepSetupRoutes(deps: {
  stores: Stores;
  passkeys: PasskeyService;
  secureCookies: boolean;
  sessionSecret: string;
}): Router {
  const { stores, secureCookies, sessionSecret, passkeys } = deps;
  const router = Router();
  const preCsrf: RequestHandler = requirePreSessionCsrf(sessionSecret);

  async function render(req: Request, res: Response, user: User, status = 200, error?: string) {
    let { pending } = await stores.accounts.totp(user.id);
    if (!pending) {
      pending = newTotpSecret();
      await stores.accounts.setPendingTotp(user.id, pending);
    }
    const workspace = await stores.workspaces.getById(user.workspaceId);
    const uri = otpauthUri({
      issuer: `Peer Dispatch ${workspace?.name ?? ''}`.trim(),
      account: user.email,
      secret: pending,
    });
    const csrf = preSessionToken(req, res, sessionSecret, secureCookies);
    res
      .status(status)
      .type('html')
      .send(twoStepSetupPage({ csrf, secret: pending, uri, error }));
  }

  // A passkey first, where the browser can make one (the page's script asks for these options).
  router.post(`${TWO_STEP_SETUP_PATH}/passkey/options`, allow(RULES.public), preCsrf, async (req, res) => {
    const user = await pendingSetup(stores, req);
    if (!user) {
      res.status(409).json({ error: 'No set-up is waiting here. Start again from the password.' });
      return;
    }
    res.json(await passkeys.registrationOptions(res, user));
  });

  router.post(`${TWO_STEP_SETUP_PATH}/passkey`, allow(RULES.public), preCsrf, async (req, res) => {
    const user = await pendingSetup(stores, req);
    if (!user) {
      res.redirect(303, '/login');
      return;
    }
    res.locals.securityAccountId = user.id;
    const checked = await passkeys.register(req, res, user, req.body?.response, passkeyName(req.body?.name));
    if (!checked.ok) {
      await auditPasskey(stores, req, user, 'passkey-refused', { during: 'set-up', refusal: checked.refusal });
      await render(
        req,
        res,
        user,
        400,
        'No passkey was added: your device did not make one. Try again, or use an app.',
      );
      return;
    }
    await finishSetup(req, res, deps, user, { passkey: checked.value.id });
  });

  router.get(TWO_STEP_SETUP_PATH, allow(RULES.public), async (req, res) => {
    const user = await pendingSetup(stores, req);
    if (!user) {
      res.redirect(303, '/login');
      return;
    }
    await render(req, res, user);
  });

  router.post(TWO_STEP_SETUP_PATH, allow(RULES.public), preCsrf, async (req, res) => {
    const user = await pendingSetup(stores, req);
    if (!user) {
      // No pending sign-in (expired, never started, or set up already): start again from the password.
      res.redirect(303, '/login');
      return;
    }
    const key = `totp-user:${user.id}`;
    const tries = await stores.rateLimits.hit(key, CODE_FAILURES.windowMs);
    if (tries.count > CODE_FAILURES.limit) {
      res.set('Retry-After', String(Math.ceil(tries.retryAfterMs / 1000)));
      await render(req, res, user, 429, lockoutMessage(tries.retryAfterMs));
      return;
    }
    const parsed = totpCodeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      await render(req, res, user, 400, firstProblem(parsed.error));
      return;
    }
    const { pending } = await stores.accounts.totp(user.id);
    const step = pending ? matchTotpStep(pending, parsed.data.code, Date.now()) : undefined;
    if (step === undefined || !(await stores.accounts.confirmTotp(user.id, step))) {
      await render(req, res, user, 401, 'That code is not right. Enter the code your app shows now.');
      return;
    }
    await stores.rateLimits.clear(key);
    await finishSetup(req, res, deps, user, { totp: true });
  });

  return router;
}
