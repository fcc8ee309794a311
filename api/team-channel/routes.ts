// The team channel: one per workspace, supervised like private threads. Everyone of the team reads and replies;
// only coordinators start a post; each coordinator's read is audited (the supervisory read of threads). A body
// holding an email address or phone number is refused (400, nothing stored): no requester details in a channel
// the whole team reads.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { hasRole } from '../../domain/roles';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { NotFound } from '../errors';
import type { TeamChannelService } from './service';
import { channelPage } from './view';
import { readPostForm } from './form';

export function teamChannelRoutes(deps: {
  stores: Stores;
  channel: TeamChannelService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, channel, csrf, sessionSecret } = deps;
  const router = Router();
  const anyone = requirePageRole('coordinator', 'lead', 'counselor');
  const tokenOf = (req: Request) => sessionCsrfToken(sessionSecret, req);

  async function render(
    req: Request,
    res: Response,
    status = 200,
    refused?: { form: string; body: string; error: string },
  ) {
    const user = req.user!;
    if (hasRole(user, 'coordinator'))
      await stores.audit.record({
        workspaceId: user.workspaceId,
        actorId: user.id,
        action: 'team_channel.read_supervisory',
        subjectType: 'workspace',
        subjectId: user.workspaceId,
      });
    const posts = await stores.teamChannel.list(user.workspaceId);
    res
      .status(status)
      .type('html')
      .send(channelPage({ user, posts, csrfToken: tokenOf(req), refused }));
  }

  router.get('/channel', anyone, async (req, res) => {
    await render(req, res);
  });

  router.post('/channel', requirePageRole('coordinator'), csrf, async (req, res) => {
    const { body, error } = readPostForm(req.body);
    if (error) return render(req, res, 400, { form: 'post', body, error });
    await channel.post({ workspaceId: req.user!.workspaceId, authorId: req.user!.id, body, parentId: null });
    res.redirect(303, '/channel');
  });

  router.post('/channel/:postId/replies', anyone, csrf, async (req, res) => {
    const postId = Number(req.params.postId);
    if (!Number.isSafeInteger(postId) || postId <= 0) throw new NotFound('Post not found');
    // Another team's post is not found whatever the body says: its existence is not theirs to learn.
    if ((await stores.teamChannel.postMeta(postId))?.workspaceId !== req.user!.workspaceId)
      throw new NotFound('Post not found');
    const { body, error } = readPostForm(req.body);
    if (error) return render(req, res, 400, { form: String(postId), body, error });
    const id = await channel.post({
      workspaceId: req.user!.workspaceId,
      authorId: req.user!.id,
      body,
      parentId: postId,
    });
    if (id === null) throw new NotFound('Post not found');
    res.redirect(303, `/channel#post-${postId}`);
  });

  return router;
}
