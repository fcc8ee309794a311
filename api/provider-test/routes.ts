// GET /settings/test-messages shows the buttons; POST sends one test message to the signed-in coordinator
// (never to anyone else: the recipient is the session's own account, not a field of the form).
import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../../config';
import type { Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { testMessageForm } from './form';
import { createProviderTestService, TEST_CHANNELS, type TestSendResult } from './service';
import { RESULT_TEXT, testMessagesPage } from './view';

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

  /** The page with the coordinator's addresses; a fresh attempt per page: a double submit is one send, a reload another. */
  const render = (
    req: Request,
    res: Response,
    status: number,
    outcome: { result?: TestSendResult; error?: string },
  ) => {
    const user = req.user!;
    res
      .status(status)
      .type('html')
      .send(
        testMessagesPage({
          user,
          csrfToken: sessionCsrfToken(sessionSecret, req),
          attemptId: randomUUID(),
          phone: user.phone,
          email: user.email,
          ...outcome,
        }),
      );
  };

  router.get('/settings/test-messages', coordinator, (req, res) => {
    const sent = typeof req.query.sent === 'string' ? req.query.sent : undefined;
    // Every result has its words (a Record over the type): the known results are its keys, not a list kept beside it.
    const known = (r: string | undefined): r is TestSendResult => r !== undefined && Object.hasOwn(RESULT_TEXT, r);
    render(req, res, 200, { result: known(sent) ? sent : undefined });
  });

  router.post('/settings/test-messages', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const parsed = testMessageForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      render(req, res, 400, {
        error: parsed.error.issues[0]?.message ?? `Choose one of ${TEST_CHANNELS.join(', ')}`,
      });
      return;
    }
    const result = await service.send(user.id, parsed.data.channel, parsed.data.attempt);
    // Post/redirect/get: reloading the result page does not post again.
    res.redirect(303, `/settings/test-messages?sent=${result}`);
  });

  return router;
}
