// Passkeys as the second sign-in step: using one after the right password (the code step's first choice), and the
// account page's list (add another, remove one with confirmation; the last second step stays while two-step
// sign-in is required). Setting the first one up during sign-in is in api/auth/two-step-setup-routes.ts. Every
// add, removal, use and refused use is audited; nothing personal is logged.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores, User } from '../../db';
import { NotFound } from '../errors';
import { allow, RULES } from './access-policy';
import { sessionCsrfToken } from './csrf';
import { clearAuthCookie } from './cookie-names';
import { auditPasskey, passkeyName, type PasskeyService } from './passkeys';
import { removePasskeyPage } from './passkeys-view';
import { preSessionToken, requirePreSessionCsrf } from './pre-session-csrf';
import { beginSession } from './sign-in';
import { codeStepPage } from './sign-in-view';
import { LOGIN_CHALLENGE_COOKIE } from './totp-routes';
import { hasSecondFactor, mustKeepSecondStep } from './two-step';
import { renderTwoStepSettings } from './two-step-settings';

export const PASSKEY_FAILED = 'That passkey did not work. Try again, or enter a code instead.';

export function passkeyRoutes(deps: {
  stores: Stores;
  passkeys: PasskeyService;
  secureCookies: boolean;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, passkeys, secureCookies, sessionSecret, csrf } = deps;
  const router = Router();
  const preCsrf = requirePreSessionCsrf(sessionSecret);
  const signedIn = allow(RULES.signedIn);
  const signedInPage = allow(RULES.signedIn, { page: true });
  const settingsPage = (req: Request, res: Response, opts?: Parameters<typeof renderTwoStepSettings>[3]) =>
    renderTwoStepSettings({ stores, sessionSecret }, req, res, opts);

  /** The person of this browser's pending sign-in (password right, second step to come). */
  async function pendingUser(req: Request): Promise<User | undefined> {
    const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
    const userId = typeof challenge === 'string' ? await stores.accounts.resolveLoginChallenge(challenge) : undefined;
    const user = userId ? await stores.users.getById(userId) : undefined;
    return user && !user.deactivatedAt ? user : undefined;
  }

  router.post('/login/passkey/options', allow(RULES.public), preCsrf, async (req, res) => {
    const user = await pendingUser(req);
    if (!user || (await stores.passkeys.count(user.id)) === 0) {
      res.status(409).json({ error: 'No sign-in with a passkey is waiting here. Start again from the password.' });
      return;
    }
    res.json(await passkeys.signInOptions(res, user.id));
  });

  router.post('/login/passkey', allow(RULES.public), preCsrf, async (req, res) => {
    const user = await pendingUser(req);
    if (!user) {
      // No pending sign-in (expired, or never started): start again from the password.
      res.redirect(303, '/login');
      return;
    }
    res.locals.securityAccountId = user.id;
    const checked = await passkeys.signIn(req, res, user.id, req.body?.response);
    if (!checked.ok) {
      await auditPasskey(stores, req, user, 'passkey-refused', { during: 'sign-in', refusal: checked.refusal });
      res
        .status(401)
        .type('html')
        .send(
          codeStepPage(preSessionToken(req, res, sessionSecret, secureCookies), {
            error: PASSKEY_FAILED,
            passkey: true,
          }),
        );
      return;
    }
    await auditPasskey(stores, req, user, 'passkey-used', { passkey: checked.value.id, during: 'sign-in' });
    await stores.rateLimits.clear(`totp-user:${user.id}`);
    await stores.accounts.endLoginChallenge(req.cookies[LOGIN_CHALLENGE_COOKIE]);
    clearAuthCookie(res, LOGIN_CHALLENGE_COOKIE, secureCookies);
    await beginSession(req, res, { stores, secureCookies, sessionSecret }, user);
  });

  router.post('/settings/passkeys/options', signedIn, csrf, async (req, res) => {
    res.json(await passkeys.registrationOptions(res, req.user!));
  });

  router.post('/settings/passkeys', signedInPage, csrf, async (req, res) => {
    const user = req.user!;
    // The first second step of someone who had none turns two-step sign-in on: recovery codes come with it.
    const first = !(await hasSecondFactor(stores, user.id));
    const checked = await passkeys.register(req, res, user, req.body?.response, passkeyName(req.body?.name));
    if (!checked.ok) {
      await auditPasskey(stores, req, user, 'passkey-refused', { during: 'add', refusal: checked.refusal });
      await settingsPage(req, res, { error: 'No passkey was added: your device did not make one. Try again.' });
      return;
    }
    await auditPasskey(stores, req, user, 'passkey-added', { passkey: checked.value.id });
    const codes = first ? await stores.accounts.newRecoveryCodes(user.id) : undefined;
    await settingsPage(req, res, { note: 'Passkey added: signing in asks for it first.', codes });
  });

  /** The person's own passkey named in the path, else 404 (another person's looks like a missing one). */
  async function ownPasskey(req: Request) {
    const passkey = await stores.passkeys.get(String(req.params.id));
    if (!passkey || passkey.userId !== req.user!.id) throw new NotFound('No such passkey');
    return passkey;
  }

  router.get('/settings/passkeys/:id/remove', signedInPage, async (req, res) => {
    const passkey = await ownPasskey(req);
    res.type('html').send(removePasskeyPage({ user: req.user!, csrf: sessionCsrfToken(sessionSecret, req), passkey }));
  });

  router.post('/settings/passkeys/:id/remove', signedInPage, csrf, async (req, res) => {
    const user = req.user!;
    const passkey = await ownPasskey(req);
    const outcome = await stores.passkeys.removeKeepingOne(user.id, passkey.id, await mustKeepSecondStep(stores, user));
    if (outcome === 'missing') throw new NotFound('No such passkey');
    if (outcome === 'last') {
      await settingsPage(req, res, {
        status: 409,
        error:
          'This is your last second step, and your account must have one. Add another passkey or set up an ' +
          'authenticator app first, then remove this one.',
      });
      return;
    }
    await auditPasskey(stores, req, user, 'passkey-removed', { passkey: passkey.id });
    await settingsPage(req, res, { note: `Passkey removed: ${passkey.name}.` });
  });

  return router;
}
