// The after-care task list for coordinators and leads: debriefs, supervision check-ins, unconfirmed
// sessions, missing outcomes. Marking a debrief done lifts the dispatch pause it caused and tells the workflow.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest, Conflict, NotFound } from '../errors';
import type { PrivateMessagesService } from '../messages/service';
import type { SessionService } from '../sessions/service';
import { checkInPage, checkInPrompt } from '../messages/view';
import { tasksPage } from './view';
import { readCheckInForm } from './form';
import { supervisionTasksSection } from '../care/view';
import type { CareService } from '../care/service';

export function taskRoutes(deps: {
  stores: Stores;
  sessions: SessionService;
  privateMessages: PrivateMessagesService;
  /** Care for the carers: supervision check-ins (their section, and a session's kept in step with its task). */
  care?: CareService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, sessions, privateMessages, care, csrf, sessionSecret } = deps;
  const router = Router();
  const staff = requirePageRole('coordinator', 'lead');

  router.get('/tasks', staff, async (req, res) => {
    const user = req.user!;
    const csrfToken = sessionCsrfToken(sessionSecret, req);
    const [tasks, pauses, checkins] = await Promise.all([
      stores.aftercare.listTasks(user.workspaceId, { includeDone: req.query.all === '1' }),
      stores.pauses.openInWorkspace(user.workspaceId),
      supervisionTasksSection(stores, user, csrfToken),
    ]);
    // The counselor's reason, for the staff's eyes only (decrypted here, never sent anywhere).
    const reasons = new Map<string, string>();
    for (const t of tasks.filter((x) => x.kind === 'out-of-scope')) {
      reasons.set(t.id, (await stores.aftercare.outOfScopeReason(t.sessionId)) ?? '');
    }
    const names = new Map((await stores.users.getMany(pauses.map((p) => p.counselorId))).map((u) => [u.id, u.name]));
    res.type('html').send(
      tasksPage({
        user,
        tasks,
        reasons,
        pauses: pauses.map((p) => ({ ...p, counselorName: names.get(p.counselorId) ?? '' })),
        csrf: csrfToken,
        done: typeof req.query.done === 'string' ? req.query.done : undefined,
        now: new Date(),
        extra: checkins,
      }),
    );
  });

  router.post('/tasks/:id/done', staff, csrf, async (req, res) => {
    const user = req.user!;
    const task = await stores.aftercare.getTask(String(req.params.id));
    if (!task || task.workspaceId !== user.workspaceId) throw new NotFound('Task not found');
    if (!(await stores.aftercare.markTaskDone(user.workspaceId, task.id, user.id))) {
      throw new Conflict('This task is already done.');
    }
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'task.done',
      subjectType: 'task',
      subjectId: task.id,
      detail: { kind: task.kind },
    });
    if (task.kind === 'supervision') await care?.sessionTaskDone(task.sessionId, user.id);
    if (task.kind === 'debrief') {
      await stores.pauses.liftByRef(user.workspaceId, task.id, user.id);
      await sessions.debriefDone(task.requestId, task.id);
    }
    res.redirect(303, '/tasks?done=task');
  });

  async function supervisionTask(workspaceId: string, id: string) {
    const task = await stores.aftercare.getTask(id);
    if (!task || task.workspaceId !== workspaceId || task.kind !== 'supervision') throw new NotFound('Task not found');
    return task;
  }

  // The supervision check-in: a gentle prompt the supervisor may edit, sent into a private thread.
  router.get('/tasks/:id/check-in', staff, async (req, res) => {
    const user = req.user!;
    const task = await supervisionTask(user.workspaceId, String(req.params.id));
    res.type('html').send(
      checkInPage({
        user,
        taskId: task.id,
        counselorName: task.counselorName,
        prompt: checkInPrompt(task.counselorName),
        csrf: sessionCsrfToken(sessionSecret, req),
      }),
    );
  });

  router.post('/tasks/:id/check-in', staff, csrf, async (req, res) => {
    const user = req.user!;
    const task = await supervisionTask(user.workspaceId, String(req.params.id));
    const { body, error } = readCheckInForm(req.body);
    if (error) throw new BadRequest(error);
    if (task.status !== 'open') throw new Conflict('This check-in is already done.');
    const thread = await stores.messages.openThread(user.workspaceId, task.counselorId, user.id);
    await privateMessages.post(thread, user.id, body);
    await stores.aftercare.markTaskDone(user.workspaceId, task.id, user.id);
    res.redirect(303, `/messages/${thread.id}`);
  });

  /** A coordinator may lift a pause by hand (a debrief done elsewhere, a mistake). */
  router.post('/pauses/:id/lift', requirePageRole('coordinator'), csrf, async (req, res) => {
    const user = req.user!;
    if (!(await stores.pauses.lift(user.workspaceId, String(req.params.id), user.id))) {
      throw new NotFound('No open pause with this id');
    }
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'pause.lifted',
      subjectType: 'pause',
      subjectId: String(req.params.id),
    });
    res.redirect(303, '/tasks?done=pause');
  });

  return router;
}
