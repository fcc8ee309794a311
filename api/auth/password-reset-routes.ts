// "Forgot password": an emailed single-use link (random token stored hashed, 1 hour). The GET shows a form and
// changes nothing (mail scanners open links); the POST sets the password and ends every session of the account.
// The answer to the request is the same whether or not the email has an account.
import { Router, type Request, type Response } from 'express';
import type { Stores } from '../../db';
import type { Engine } from '../../engine';
import { allow, RULES } from '../auth/access-policy';
import { lockoutMessage } from '../auth/login-throttle';
import { hashPassword } from '../auth/passwords';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { NotFound } from '../errors';
import { LinkGone } from '../auth/link-expiry';
import { forgotPage, newPasswordPage } from './password-reset-view';
import { MIN_PASSWORD_LENGTH } from '../../domain/password-rule';
import { firstProblem, newPasswordSchema, readEmailForm, readNewPasswordForm } from './form';

export { MIN_PASSWORD_LENGTH };
const PER_IP_WINDOW_MS = 60 * 60_000;
const PER_ACCOUNT = { limit: 3, windowMs: 60 * 60_000 };
const SENT_TEXT =
  'If that email belongs to an account, we have sent a link to it. The link works once, for 1 hour. Check your inbox.';

export function passwordResetRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  sessionSecret: string;
  publicBaseUrl: string;
  engine: Engine;
  log: (msg: string) => void;
  /** Requests per address per hour; 0: no limit. */
  perAddressLimit: number;
}): Router {
  const { stores, secureCookies, sessionSecret, log } = deps;
  const router = Router();
  const preCsrf = requirePreSessionCsrf(sessionSecret);
  const formToken = (req: Request, res: Response) => preSessionToken(req, res, sessionSecret, secureCookies);
  const link = allow(RULES.linkToken);

  /**
   * The email goes through the send-once ledger like every other message: a durable workflow sends it (and
   * mints the link only for a real send), so an SMTP outage delays it instead of losing it.
   */
  const sendLink = (userId: string) => deps.engine.startPasswordResetEmail(userId);

  router.get('/forgot-password', allow(RULES.public), (req, res) => {
    res.type('html').send(forgotPage(formToken(req, res)));
  });

  router.post('/forgot-password', allow(RULES.public), preCsrf, async (req, res) => {
    const { email } = readEmailForm(req.body);
    const fromIp =
      deps.perAddressLimit > 0 ? await stores.rateLimits.hit(`reset-ip:${req.ip}`, PER_IP_WINDOW_MS) : undefined;
    if (fromIp && fromIp.count > deps.perAddressLimit) {
      res
        .status(429)
        .type('html')
        .send(forgotPage(formToken(req, res), { error: lockoutMessage(fromIp.retryAfterMs) }));
      return;
    }
    const userId = email ? await stores.accounts.findUserIdByEmail(email) : undefined;
    if (
      userId &&
      (await stores.rateLimits.hit(`reset-account:${userId}`, PER_ACCOUNT.windowMs)).count <= PER_ACCOUNT.limit
    ) {
      // Sent after answering: the answer takes the same time whether or not the account exists.
      res.on('finish', () => {
        sendLink(userId).catch((err: Error) => log(`password reset email not sent: ${err.name}`));
      });
    }
    res.type('html').send(forgotPage(formToken(req, res), { note: SENT_TEXT }));
  });

  async function usable(token: string) {
    const state = await stores.accounts.resetLinkState(token);
    if (state === 'invalid') throw new NotFound('This link is not valid. It may have been mistyped.');
    if (state === 'used') throw new LinkGone('This link has already been used. Ask for a new one if you need it.');
    if (state === 'expired') throw new LinkGone('This link has expired. Ask for a new one on the sign-in page.');
  }

  router.get('/reset-password/:token', link, async (req, res) => {
    await usable(req.params.token);
    res.type('html').send(newPasswordPage(req.params.token, formToken(req, res)));
  });

  router.post('/reset-password/:token', link, preCsrf, async (req, res) => {
    const token = String(req.params.token);
    await usable(token);
    const form = newPasswordSchema().safeParse(readNewPasswordForm(req.body));
    if (!form.success) {
      res
        .status(400)
        .type('html')
        .send(newPasswordPage(token, formToken(req, res), firstProblem(form.error)));
      return;
    }
    const { state } = await stores.accounts.resetPassword(token, await hashPassword(form.data.password));
    if (state !== 'valid') await usable(token); // used or expired meanwhile: the same clear page
    res.redirect(303, '/login?done=reset');
  });

  return router;
}
