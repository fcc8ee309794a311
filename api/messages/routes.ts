// Private messages between a counselor and a coordinator or lead. Who may read is threadAccess (db): the
// two people, and the workspace's coordinators; a coordinator's read of a thread they are not in is
// audited. Anyone else gets the same 404 as a thread that does not exist.
import { hasRole, isStaff } from '../../domain/roles';
import { Router, type Request, type RequestHandler } from 'express';
import { threadAccess, type MessageThread, type Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { requireRole } from '../auth/sign-in-session';
import { BadRequest, Forbidden, NotFound } from '../errors';
import type { PrivateMessagesService } from './service';
import { threadPage, threadsPage } from './view';
import { readMessageForm } from './form';

export function messageRoutes(deps: {
  stores: Stores;
  privateMessages: PrivateMessagesService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, privateMessages, csrf, sessionSecret } = deps;
  const router = Router();
  const anyone = requirePageRole('coordinator', 'lead', 'counselor');
  const csrfOf = (req: Request) => sessionCsrfToken(sessionSecret, req);

  /** The thread if this user may read it (auditing a supervisory read); otherwise a 404. */
  async function readable(req: Request): Promise<{ thread: MessageThread; participant: boolean }> {
    const user = req.user!;
    const thread = await stores.messages.getThread(String(req.params.id));
    const access = thread ? threadAccess(user, thread) : 'none';
    if (!thread || access === 'none') throw new NotFound('Thread not found');
    if (access === 'supervisory') {
      await stores.audit.record({
        workspaceId: user.workspaceId,
        actorId: user.id,
        action: 'thread.read_supervisory',
        subjectType: 'thread',
        subjectId: thread.id,
      });
    }
    return { thread, participant: access === 'participant' };
  }

  function bodyOf(req: Request): string {
    const { body, errors } = readMessageForm(req.body);
    // An empty message is said as such; a long one's summary is short, its field says the limit.
    if (errors.body) throw new BadRequest(body ? 'Too long' : errors.body, errors);
    return body;
  }

  router.get('/messages', anyone, async (req, res) => {
    const user = req.user!;
    const [threads, counselors] = await Promise.all([
      stores.messages.listVisible(user),
      !isStaff(user) ? Promise.resolve([]) : stores.users.listActiveCounselors(user.workspaceId),
    ]);
    res.type('html').send(threadsPage({ user, threads, counselors, csrf: csrfOf(req) }));
  });

  router.post('/messages', requirePageRole('coordinator', 'lead'), csrf, async (req, res) => {
    const user = req.user!;
    const counselor = await stores.users.getById(String(req.body?.counselorId ?? ''));
    if (!counselor || counselor.workspaceId !== user.workspaceId || !hasRole(counselor, 'counselor')) {
      throw new NotFound('Counselor not found');
    }
    const body = bodyOf(req);
    const thread = await stores.messages.openThread(user.workspaceId, counselor.id, user.id);
    await privateMessages.post(thread, user.id, body);
    res.redirect(303, `/messages/${thread.id}`);
  });

  router.get('/messages/:id', anyone, async (req, res) => {
    const { thread, participant } = await readable(req);
    const messages = await stores.messages.list(thread.id);
    res.type('html').send(threadPage({ user: req.user!, thread, messages, canWrite: participant, csrf: csrfOf(req) }));
  });

  router.post('/messages/:id', anyone, csrf, async (req, res) => {
    const user = req.user!;
    const thread = await stores.messages.getThread(String(req.params.id));
    const access = thread ? threadAccess(user, thread) : 'none';
    if (!thread || access === 'none') throw new NotFound('Thread not found');
    if (access !== 'participant') throw new Forbidden('Only the two people in a thread write in it');
    await privateMessages.post(thread, user.id, bodyOf(req));
    res.redirect(303, `/messages/${thread.id}`);
  });

  // JSON: the same checks and the same audit.
  router.get('/api/threads', requireRole('coordinator', 'lead', 'counselor'), async (req, res) => {
    res.json({ threads: await stores.messages.listVisible(req.user!) });
  });
  router.get('/api/threads/:id', requireRole('coordinator', 'lead', 'counselor'), async (req, res) => {
    const { thread } = await readable(req);
    res.json({ thread, messages: await stores.messages.list(thread.id) });
  });

  return router;
}
