// From a pool-health flag to a word: GET /reach-out/:counselorId?flag=<kind> shows a compose form pre-filled
// with a gentle opening in the coordinator's language (nothing happens on GET: link scanners and previews open
// links); POST sends it into the private thread with that counselor and the flag remembers who reached out.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { healthFlags, isFlagKind, type FlagKind } from '../../domain/pool-health';
import { hasRole } from '../../domain/roles';
import type { Stores } from '../../db';
import { flagText, labelsFor } from '../../notifications/catalogue';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest, NotFound } from '../errors';
import { readMessageForm } from '../messages/form';
import type { PrivateMessagesService } from '../messages/service';
import { reachOutPage } from './view';

/** The gentle opening for a flag, in the coordinator's language, addressed to the counselor's first name. */
export function reachOutOpening(language: string, kind: FlagKind, counselorName: string): string {
  const openings = labelsFor(language).reachOutOpenings;
  return (openings[kind] ?? openings.default).replace('{name}', counselorName.split(' ')[0] || counselorName);
}

export function reachOutRoutes(deps: {
  stores: Stores;
  privateMessages: PrivateMessagesService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, privateMessages, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');
  const tokenOf = (req: Request) => sessionCsrfToken(sessionSecret, req);

  /** The counselor of the coordinator's own team, or the 404 of one that does not exist. */
  async function counselorOf(req: Request) {
    const counselor = await stores.users.getById(String(req.params.counselorId));
    if (!counselor || counselor.workspaceId !== req.user!.workspaceId || !hasRole(counselor, 'counselor'))
      throw new NotFound('Counselor not found');
    return counselor;
  }

  function flagOf(value: unknown): FlagKind {
    if (!isFlagKind(value)) throw new BadRequest('Unknown flag', { flag: 'Open this from a flag on the pool page' });
    return value;
  }

  async function render(
    req: Request,
    res: Response,
    counselor: { id: string; name: string },
    kind: FlagKind,
    body: string,
    status = 200,
    errors?: Record<string, string>,
  ) {
    const now = new Date();
    const [histories, reached, [me]] = await Promise.all([
      stores.health.histories(req.user!.workspaceId, now),
      stores.reachOuts.latest(req.user!.workspaceId, now),
      // The flag in the coordinator's own language, as the digest words it.
      stores.users.getReachability([req.user!.id]),
    ]);
    const history = histories.find((h) => h.id === counselor.id);
    // The flag may have cleared since the link was made: the form still works, without the flag's words.
    const flag = history ? healthFlags(history, now).find((f) => f.kind === kind) : undefined;
    res
      .status(status)
      .type('html')
      .send(
        reachOutPage({
          user: req.user!,
          counselor,
          flag: { kind, text: flag ? flagText(flag, me?.language ?? 'en') : null },
          body,
          csrfToken: tokenOf(req),
          errors,
          lastReachOut: reached.get(`${counselor.id}:${kind}`),
        }),
      );
  }

  router.get('/reach-out/:counselorId', coordinator, async (req, res) => {
    const counselor = await counselorOf(req);
    const kind = flagOf(req.query.flag);
    // The coordinator's own language (their account's, as the notifications use), English when unset.
    const [me] = await stores.users.getReachability([req.user!.id]);
    await render(req, res, counselor, kind, reachOutOpening(me?.language ?? 'en', kind, counselor.name));
  });

  router.post('/reach-out/:counselorId', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const counselor = await counselorOf(req);
    const kind = flagOf(req.body?.flag);
    // The same message form as a thread's: a reach-out opens one.
    const { body, errors } = readMessageForm(req.body);
    if (errors.body) {
      await render(req, res, counselor, kind, String(req.body?.body ?? ''), 400, errors);
      return;
    }
    const thread = await stores.messages.openThread(user.workspaceId, counselor.id, user.id);
    await privateMessages.post(thread, user.id, body);
    await stores.reachOuts.record({
      workspaceId: user.workspaceId,
      counselorId: counselor.id,
      flagKind: kind,
      staffId: user.id,
      threadId: thread.id,
    });
    res.redirect(303, `/messages/${thread.id}`);
  });

  return router;
}
