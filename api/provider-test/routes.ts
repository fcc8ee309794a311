// GET /settings/test-messages shows the buttons; POST sends one test message to the signed-in coordinator
// (never to anyone else: the recipient is the session's own account, not a field of the form).
import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Config } from '../../config';
import type { Stores } from '../../db';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { testMessageForm } from './form';
import { createProviderTestService, TEST_CHANNELS, type TestSendResult } from './service';
import { testMessagesPage } from './view';

export function providerTestRoutes(deps: {
  stores: Stores;
  config: Config;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { csrf, sessionSecret } = deps;
  const service = createProviderTestService(deps);
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  router.get('/settings/test-messages', coordinator, (req, res) => {
    const user = req.user!;
    const sent = typeof req.query.sent === 'string' ? req.query.sent : undefined;
    const known = (r: string | undefined): r is TestSendResult =>
      r !== undefined &&
      ['sent', 'already-sent', 'retry', 'permanent-failure', 'in-doubt', 'no-phone', 'sms-off'].includes(r);
    res.type('html').send(
      testMessagesPage({
        user,
        csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
        // A fresh attempt per page load: a double submit of this page is one send; a reload allows another.
        attemptId: randomUUID(),
        phone: user.phone,
        email: user.email,
        result: known(sent) ? sent : undefined,
      }),
    );
  });

  router.post('/settings/test-messages', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const parsed = testMessageForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      res
        .status(400)
        .type('html')
        .send(
          testMessagesPage({
            user,
            csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
            attemptId: randomUUID(),
            phone: user.phone,
            email: user.email,
            error: parsed.error.issues[0]?.message ?? `Choose one of ${TEST_CHANNELS.join(', ')}`,
          }),
        );
      return;
    }
    const result = await service.send(user.id, parsed.data.channel, parsed.data.attempt);
    // Post/redirect/get: reloading the result page does not post again.
    res.redirect(303, `/settings/test-messages?sent=${result}`);
  });

  return router;
}
