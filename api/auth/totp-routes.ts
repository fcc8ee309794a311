// Two-step sign-in (TOTP) for everyone: enrol (secret shown as base32 and as an otpauth:// URI, confirmed with
// a code; ten single-use recovery codes shown once), the second sign-in step (a code or a recovery code), and
// recovery (a coordinator of the workspace resets it, or the admin command's reset-two-step).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { lockoutMessage } from '../auth/login-throttle';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { AUTH_COOKIES, clearAuthCookie } from './cookie-names';
import { beginSession } from '../auth/sign-in';
import { matchTotpStep, newTotpSecret } from '../auth/totp';
import { NotFound } from '../errors';
import { codeStepPage } from './sign-in-view';
import { renderTwoStepSettings, type SettingsOutcome } from './two-step-settings';
import { counselorTwoStepSchema, firstProblem, readCodeForm } from './form';
import { auditTotpEnrolled, hasSecondFactor } from './two-step';

export const LOGIN_CHALLENGE_COOKIE = AUTH_COOKIES.loginChallenge;
const CODE_FAILURES = { limit: 5, windowMs: 15 * 60_000 };

export function totpRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, secureCookies, sessionSecret, csrf } = deps;
  const router = Router();
  const preCsrf = requirePreSessionCsrf(sessionSecret);
  const formToken = (req: Request, res: Response) => preSessionToken(req, res, sessionSecret, secureCookies);
  const coordinator = allow(RULES.coordinator, { page: true });
  const signedIn = allow(RULES.signedIn, { page: true });
  const hasPasskey = async (userId: string) => (await stores.passkeys.count(userId)) > 0;

  router.get('/login/code', allow(RULES.public), async (req, res) => {
    const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
    const userId = typeof challenge === 'string' ? await stores.accounts.resolveLoginChallenge(challenge) : undefined;
    if (!userId) {
      res.redirect(303, '/login');
      return;
    }
    res.type('html').send(codeStepPage(formToken(req, res), { passkey: await hasPasskey(userId) }));
  });

  router.post('/login/code', allow(RULES.public), preCsrf, async (req, res) => {
    const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
    const userId = typeof challenge === 'string' ? await stores.accounts.resolveLoginChallenge(challenge) : undefined;
    if (!userId) {
      // No pending sign-in (expired, or never started): start again from the password.
      res.redirect(303, '/login');
      return;
    }
    // A throttled or wrong code's security event names the account (no session yet).
    res.locals.securityAccountId = userId;
    const key = `totp-user:${userId}`;
    // Counted before the check (atomic), so parallel guesses cannot slip past the limit; a right code clears it.
    const tries = await stores.rateLimits.hit(key, CODE_FAILURES.windowMs);
    if (tries.count > CODE_FAILURES.limit) {
      res.set('Retry-After', String(Math.ceil(tries.retryAfterMs / 1000)));
      res
        .status(429)
        .type('html')
        .send(
          codeStepPage(formToken(req, res), {
            error: lockoutMessage(tries.retryAfterMs),
            passkey: await hasPasskey(userId),
          }),
        );
      return;
    }
    const { secret } = await stores.accounts.totp(userId);
    const { code } = readCodeForm(req.body);
    const step = secret ? matchTotpStep(secret, code, Date.now()) : undefined;
    // A code works once: its step must be later than the last one used. A recovery code works once too.
    const spent =
      step !== undefined
        ? await stores.accounts.spendTotpStep(userId, step)
        : (await hasSecondFactor(stores, userId)) && (await stores.accounts.spendRecoveryCode(userId, code));
    if (!spent) {
      res
        .status(401)
        .type('html')
        .send(
          codeStepPage(formToken(req, res), {
            error: 'That code is not right. Try the next one.',
            passkey: await hasPasskey(userId),
          }),
        );
      return;
    }
    await stores.rateLimits.clear(key);
    await stores.accounts.endLoginChallenge(challenge);
    clearAuthCookie(res, LOGIN_CHALLENGE_COOKIE, secureCookies);
    const user = await stores.users.getById(userId);
    if (!user) throw new NotFound();
    await beginSession(req, res, { stores, secureCookies, sessionSecret }, user);
  });

  const settingsPage = (req: Request, res: Response, opts?: SettingsOutcome) =>
    renderTwoStepSettings({ stores, sessionSecret }, req, res, opts);

  router.get('/settings/two-factor', signedIn, async (req, res) => {
    await settingsPage(req, res);
  });

  router.post('/settings/two-factor/recovery-codes', signedIn, csrf, async (req, res) => {
    const user = req.user!;
    if (!(await hasSecondFactor(stores, user.id))) {
      await settingsPage(req, res, { error: 'Set up two-step sign-in first.', status: 409 });
      return;
    }
    const codes = await stores.accounts.newRecoveryCodes(user.id);
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'totp-recovery-codes',
      subjectType: 'user',
      subjectId: user.id,
    });
    await settingsPage(req, res, { codes, note: 'New recovery codes: the old ones no longer work.' });
  });

  router.post('/settings/two-factor/start', signedIn, csrf, async (req, res) => {
    if (!(await stores.accounts.totp(req.user!.id)).secret) {
      await stores.accounts.setPendingTotp(req.user!.id, newTotpSecret());
    }
    res.redirect(303, '/settings/two-factor');
  });

  router.post('/settings/two-factor/confirm', signedIn, csrf, async (req, res) => {
    const user = req.user!;
    const { pending } = await stores.accounts.totp(user.id);
    const { code } = readCodeForm(req.body);
    const step = pending ? matchTotpStep(pending, code, Date.now()) : undefined;
    if (step === undefined || !(await stores.accounts.confirmTotp(user.id, step))) {
      await settingsPage(req, res, { error: 'That code is not right. Enter the code your app shows now.' });
      return;
    }
    await auditTotpEnrolled(stores, req, user);
    const codes = await stores.accounts.newRecoveryCodes(user.id);
    await settingsPage(req, res, { note: 'Two-step sign-in is on.', codes });
  });

  router.post('/settings/two-factor/counselors', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const parsed = counselorTwoStepSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      await settingsPage(req, res, { error: firstProblem(parsed.error) });
      return;
    }
    const on = parsed.data.counselorTwoStep === 'on';
    await stores.workspaces.setCounselorTwoStep(user.workspaceId, on);
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'counselor-two-step',
      subjectType: 'workspace',
      subjectId: user.workspaceId,
      detail: { on },
    });
    await settingsPage(req, res, {
      note: on
        ? 'Counselors now set up two-step sign-in at their next sign-in.'
        : 'Counselors may sign in with their password alone.',
    });
  });

  router.post('/settings/two-factor/reset/:userId', coordinator, csrf, async (req, res) => {
    const actor = req.user!;
    const target = await stores.users.getById(String(req.params.userId)).catch(() => undefined);
    // Only a colleague can reset it (one's own needs the code); another workspace's user is "not found".
    if (!target || target.workspaceId !== actor.workspaceId || target.id === actor.id)
      throw new NotFound('No such person in your team');
    await stores.accounts.clearTotp(target.id);
    await stores.passkeys.removeAllFor(target.id);
    await stores.signInSessions.destroyAllFor(target.id);
    await stores.audit.record({
      workspaceId: actor.workspaceId,
      actorId: actor.id,
      action: 'totp-reset',
      subjectType: 'user',
      subjectId: target.id,
    });
    await settingsPage(req, res, { note: `Two-step sign-in reset for ${target.name}.` });
  });

  return router;
}
