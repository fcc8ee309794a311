// Two-step sign-in (TOTP) for everyone: enrol (secret shown as base32 and as an otpauth:// URI, confirmed with
// a code; ten single-use recovery codes shown once), the second sign-in step (a code or a recovery code), and
// recovery (a coordinator of the workspace resets it, or the admin command's reset-two-step).
import { hasRole } from '../../domain/roles';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { csrfTokenFor } from '../auth/csrf';
import { lockoutMessage } from '../auth/login-throttle';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { cookieOptions, SESSION_COOKIE } from './sign-in-session';
import { beginSession } from '../auth/sign-in';
import { matchTotpStep, newTotpSecret, otpauthUri } from '../auth/totp';
import { NotFound } from '../errors';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export const LOGIN_CHALLENGE_COOKIE = 'login_challenge';
const CODE_FAILURES = { limit: 5, windowMs: 15 * 60_000 };

export function codeStepPage(csrf: string, error?: string): string {
  return page(
    { title: 'Enter your code' },
    html`<h1>Enter your code</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/login/code">
        ${csrfField(csrf)}
        <label for="code">The 6-digit code from your authenticator app, or one of your recovery codes</label
        ><input id="code" name="code" autocomplete="one-time-code" maxlength="12" />
        <p><button type="submit" class="big">Continue</button></p>
      </form>
      <p class="hint">
        Lost your phone? Use a recovery code, or ask a coordinator of your team to reset your two-step sign-in.
      </p>`,
  );
}

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

  router.get('/login/code', allow(RULES.public), async (req, res) => {
    const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
    if (typeof challenge !== 'string' || !(await stores.accounts.resolveLoginChallenge(challenge))) {
      res.redirect(303, '/login');
      return;
    }
    res.type('html').send(codeStepPage(formToken(req, res)));
  });

  router.post('/login/code', allow(RULES.public), preCsrf, async (req, res) => {
    const challenge = req.cookies?.[LOGIN_CHALLENGE_COOKIE];
    const userId = typeof challenge === 'string' ? await stores.accounts.resolveLoginChallenge(challenge) : undefined;
    if (!userId) {
      // No pending sign-in (expired, or never started): start again from the password.
      res.redirect(303, '/login');
      return;
    }
    const key = `totp-user:${userId}`;
    // Counted before the check (atomic), so parallel guesses cannot slip past the limit; a right code clears it.
    const tries = await stores.rateLimits.hit(key, CODE_FAILURES.windowMs);
    if (tries.count > CODE_FAILURES.limit) {
      res.set('Retry-After', String(Math.ceil(tries.retryAfterMs / 1000)));
      res
        .status(429)
        .type('html')
        .send(codeStepPage(formToken(req, res), lockoutMessage(tries.retryAfterMs)));
      return;
    }
    const { secret } = await stores.accounts.totp(userId);
    const code = typeof req.body?.code === 'string' ? req.body.code : '';
    const step = secret ? matchTotpStep(secret, code, Date.now()) : undefined;
    // A code works once: its step must be later than the last one used. A recovery code works once too.
    const spent =
      step !== undefined
        ? await stores.accounts.spendTotpStep(userId, step)
        : !!secret && (await stores.accounts.spendRecoveryCode(userId, code));
    if (!spent) {
      res
        .status(401)
        .type('html')
        .send(codeStepPage(formToken(req, res), 'That code is not right. Try the next one.'));
      return;
    }
    await stores.rateLimits.clear(key);
    await stores.accounts.endLoginChallenge(challenge);
    res.clearCookie(LOGIN_CHALLENGE_COOKIE, cookieOptions(secureCookies));
    const user = await stores.users.getById(userId);
    if (!user) throw new NotFound();
    await beginSession(req, res, { stores, secureCookies, sessionSecret }, user);
  });

  async function settingsPage(
    req: Request,
    res: Response,
    opts: { error?: string; note?: string; codes?: string[]; status?: number } = {},
  ) {
    const user = req.user!;
    const token = csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]);
    const mine = await stores.accounts.totp(user.id);
    const codesLeft = mine.secret ? await stores.accounts.recoveryCodesLeft(user.id) : 0;
    // Coordinators reset colleagues' (anyone of the team who set it up); others see only their own.
    const others = hasRole(user, 'coordinator')
      ? (await stores.users.listPeople(user.workspaceId)).filter((u) => u.id !== user.id && !u.deactivatedAt)
      : [];
    const othersEnrolled = [];
    for (const u of others) if ((await stores.accounts.totp(u.id)).secret) othersEnrolled.push(u);
    const workspace = await stores.workspaces.getById(user.workspaceId);
    const uri = mine.pending
      ? otpauthUri({
          issuer: `Peer Dispatch ${workspace?.name ?? ''}`.trim(),
          account: user.email,
          secret: mine.pending,
        })
      : '';
    res
      .status(opts.status ?? (opts.error ? 400 : 200))
      .type('html')
      .send(
        page(
          { title: 'Two-step sign-in', user },
          html`<h1>Two-step sign-in</h1>
            ${opts.note ? notice(opts.note) : ''}
            ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
            ${
              mine.secret
                ? html`<p id="totp-state" data-state="on">
                      On: signing in asks for a code from your authenticator app.
                    </p>
                    ${
                      opts.codes
                        ? html`<div class="card" id="recovery-codes">
                            <p>
                              <strong>Your recovery codes.</strong> Each works once instead of a code, if you lose your
                              phone. Keep them somewhere safe: they are not shown again.
                            </p>
                            <ul>
                              ${opts.codes.map((c) => html`<li><code>${c}</code></li>`)}
                            </ul>
                          </div>`
                        : html`<p id="recovery-left">${codesLeft} recovery code(s) left.</p>`
                    }
                    <form method="post" action="/settings/two-factor/recovery-codes">
                      ${csrfField(token)}<button type="submit">Make new recovery codes</button>
                    </form>`
                : mine.pending
                  ? html`<p id="totp-state" data-state="pending">
                        Add this key to your authenticator app, then enter the code it shows.
                      </p>
                      <p>Key: <code id="totp-secret">${mine.pending}</code></p>
                      <p>Or open: <a id="totp-uri" href="${uri}">${uri}</a></p>
                      <form method="post" action="/settings/two-factor/confirm">
                        ${csrfField(token)}
                        <label for="code">Code</label
                        ><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" />
                        <p><button type="submit">Turn on</button></p>
                      </form>`
                  : html`<p id="totp-state" data-state="off">Off: signing in needs only your password.</p>
                      <form method="post" action="/settings/two-factor/start">
                        ${csrfField(token)}<button type="submit">Set up two-step sign-in</button>
                      </form>`
            }
            ${
              othersEnrolled.length
                ? html`<h2>Reset for a colleague</h2>
                    <p>For someone who lost their phone and their recovery codes: they set it up again at sign-in.</p>
                    <ul>
                      ${othersEnrolled.map(
                        (u) =>
                          html`<li>
                            <form method="post" action="/settings/two-factor/reset/${u.id}" class="inline">
                              ${csrfField(token)}<span>${u.name}</span>
                              <button type="submit" class="link">Reset</button>
                            </form>
                          </li>`,
                      )}
                    </ul>`
                : ''
            }`,
        ),
      );
  }

  router.get('/settings/two-factor', signedIn, async (req, res) => {
    await settingsPage(req, res);
  });

  router.post('/settings/two-factor/recovery-codes', signedIn, csrf, async (req, res) => {
    const user = req.user!;
    if (!(await stores.accounts.totp(user.id)).secret) {
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
    const code = typeof req.body?.code === 'string' ? req.body.code : '';
    const step = pending ? matchTotpStep(pending, code, Date.now()) : undefined;
    if (step === undefined || !(await stores.accounts.confirmTotp(user.id, step))) {
      await settingsPage(req, res, { error: 'That code is not right. Enter the code your app shows now.' });
      return;
    }
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'totp-enrolled',
      subjectType: 'user',
      subjectId: user.id,
    });
    const codes = await stores.accounts.newRecoveryCodes(user.id);
    await settingsPage(req, res, { note: 'Two-step sign-in is on.', codes });
  });

  router.post('/settings/two-factor/reset/:userId', coordinator, csrf, async (req, res) => {
    const actor = req.user!;
    const target = await stores.users.getById(String(req.params.userId)).catch(() => undefined);
    // Only a colleague can reset it (one's own needs the code); another workspace's user is "not found".
    if (!target || target.workspaceId !== actor.workspaceId || target.id === actor.id)
      throw new NotFound('No such person in your team');
    await stores.accounts.clearTotp(target.id);
    await stores.sessions.destroyAllFor(target.id);
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
