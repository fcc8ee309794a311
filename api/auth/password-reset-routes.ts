// "Forgot password": an emailed single-use link (random token stored hashed, 1 hour). The GET shows a form and
// changes nothing (mail scanners open links); the POST sets the password and ends every session of the account.
// The answer to the request is the same whether or not the email has an account.
import type { Client } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import type { Stores } from '../../db';
import { POOL_MESSAGE_WORKFLOW, poolMessageWorkflowId, type PoolMessageInput } from '../../workflows/pool-definitions';
import { allow, RULES } from '../auth/access-policy';
import { lockoutMessage } from '../auth/login-throttle';
import { hashPassword } from '../auth/passwords';
import { preSessionToken, requirePreSessionCsrf } from '../auth/pre-session-csrf';
import { NotFound } from '../errors';
import { LinkGone } from '../auth/link-expiry';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../domain/password-rule';

export { MIN_PASSWORD_LENGTH };
const PER_IP = { limit: 10, windowMs: 60 * 60_000 };
const PER_ACCOUNT = { limit: 3, windowMs: 60 * 60_000 };
const SENT_TEXT =
  'If that email belongs to an account, we have sent a link to it. The link works once, for 1 hour. Check your inbox.';

function forgotPage(csrf: string, opts: { note?: string; error?: string } = {}): string {
  return page(
    { title: 'Forgot password' },
    html`<h1>Forgot your password?</h1>
      ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/forgot-password">
        ${csrfField(csrf)}
        <label for="email">Your account's email</label
        ><input type="email" id="email" name="email" autocomplete="username" />
        <p><button type="submit" class="big">Email me a link</button></p>
      </form>
      <p><a href="/login">Back to sign in</a></p>`,
  );
}

function newPasswordPage(token: string, csrf: string, error?: string): string {
  return page(
    { title: 'Choose a new password' },
    html`<h1>Choose a new password</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/reset-password/${token}">
        ${csrfField(csrf)}
        <label for="password">New password (at least ${MIN_PASSWORD_LENGTH} characters)</label
        ><input type="password" id="password" name="password" autocomplete="new-password" />
        <label for="confirm">The same again</label
        ><input type="password" id="confirm" name="confirm" autocomplete="new-password" />
        <p><button type="submit" class="big">Set password</button></p>
      </form>
      <p class="hint">Setting it signs you out everywhere else.</p>`,
  );
}

export function passwordResetRoutes(deps: {
  stores: Stores;
  secureCookies: boolean;
  sessionSecret: string;
  publicBaseUrl: string;
  temporal: Client;
  taskQueue: string;
  log: (msg: string) => void;
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
  async function sendLink(userId: string) {
    const input: PoolMessageInput = { kind: 'password-reset', id: userId, round: Date.now() };
    await deps.temporal.workflow.start(POOL_MESSAGE_WORKFLOW, {
      taskQueue: deps.taskQueue,
      workflowId: poolMessageWorkflowId(input),
      args: [input],
      workflowExecutionTimeout: '1 hour',
    });
  }

  router.get('/forgot-password', allow(RULES.public), (req, res) => {
    res.type('html').send(forgotPage(formToken(req, res)));
  });

  router.post('/forgot-password', allow(RULES.public), preCsrf, async (req, res) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.slice(0, 320) : '';
    const fromIp = await stores.rateLimits.hit(`reset-ip:${req.ip}`, PER_IP.windowMs);
    if (fromIp.count > PER_IP.limit) {
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
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const problem =
      passwordProblem(password) ?? (password !== req.body?.confirm ? 'The two passwords are not the same.' : undefined);
    if (problem) {
      res
        .status(400)
        .type('html')
        .send(newPasswordPage(token, formToken(req, res), problem));
      return;
    }
    const { state } = await stores.accounts.resetPassword(token, await hashPassword(password));
    if (state !== 'valid') await usable(token); // used or expired meanwhile: the same clear page
    res.redirect(303, '/login?done=reset');
  });

  return router;
}
