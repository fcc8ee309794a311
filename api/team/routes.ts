// The coordinators' people page (/pool/people) and its forms; the checks and audit live in the team service,
// shared with the admin command. Mounted before the pool routes (whose /pool/:id would take "people").
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { list } from '../pool/form';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { HttpError } from '../errors';
import { createTeamService, describeDeactivation, type Actor, type TeamService } from './service';
import { peoplePage } from './view';

export function teamRoutes(deps: {
  stores: Stores;
  csrf: RequestHandler;
  sessionSecret: string;
  publicBaseUrl: string;
  taskQueue: string;
}): Router {
  const { csrf, sessionSecret } = deps;
  const team: TeamService = createTeamService(deps);
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  async function render(req: Request, res: Response, status: number, opts: { done?: string[]; error?: string } = {}) {
    const user = req.user!;
    const workspace = (await deps.stores.workspaces.getById(user.workspaceId))!;
    const actor: Actor = { kind: 'user', user };
    res
      .status(status)
      .type('html')
      .send(
        peoplePage({
          user,
          people: await team.listPeople(workspace, actor),
          csrfToken: sessionCsrfToken(sessionSecret, req),
          ...opts,
        }),
      );
  }

  router.get('/pool/people', coordinator, async (req, res) => {
    await render(req, res, 200);
  });

  /** Runs one action of the service; a refusal re-renders the page with its message and the action's status. */
  const action = (run: (req: Request, actor: Actor) => Promise<string[]>) => async (req: Request, res: Response) => {
    try {
      const done = await run(req, { kind: 'user', user: req.user! });
      await render(req, res, 200, { done });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      await render(req, res, err.status, { error: err.message });
    }
  };
  const who = (req: Request) => ({ id: String(req.params.id) });

  router.post(
    '/pool/people/:id/roles',
    coordinator,
    csrf,
    action(async (req, actor) => [
      (await team.setRoles(req.user!.workspaceId, who(req), list(req.body?.roles), actor)).message,
    ]),
  );
  router.post(
    '/pool/people/:id/deactivate',
    coordinator,
    csrf,
    action(async (req, actor) => {
      const r = await team.deactivate(req.user!.workspaceId, who(req), actor);
      return describeDeactivation(r.user, r.report);
    }),
  );
  router.post(
    '/pool/people/:id/reactivate',
    coordinator,
    csrf,
    action(async (req, actor) => {
      const r = await team.reactivate(req.user!.workspaceId, who(req), actor);
      return [`${r.user.name} may sign in again. Their old offers stay closed.`];
    }),
  );
  router.post(
    '/pool/people/:id/reset-two-step',
    coordinator,
    csrf,
    action(async (req, actor) => {
      const r = await team.resetTwoStep(req.user!.workspaceId, who(req), actor);
      return [`Two-step sign-in reset for ${r.user.name}: they set it up again at their next sign-in.`];
    }),
  );
  return router;
}
