// What a coordinator can do to a live request: assign a named counselor, widen the match, extend, cancel.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { HelpRequest, Stores } from '../../db';
import { parseDuration } from '../../workflows/policy';
import { requireRole, sameWorkspace } from '../auth/session';
import type { DispatchService } from '../dispatch-service';
import { BadRequest, Conflict, NotFound } from '../errors';

const assignBody = z.object({ counselorId: z.uuid({ error: 'Choose a counselor' }) });
const extendBody = z.object({
  by: z.string({ error: 'Give a duration like "30m" or "PT2H"' }).refine((v) => (parseDuration(v) ?? 0) > 0, {
    message: 'Give a duration like "30m" or "PT2H"',
  }),
});
const cancelBody = z.object({
  reason: z.string({ error: 'Give a reason' }).trim().min(1, { error: 'Give a reason' }).max(500),
});

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
  return out;
}

export function coordinatorActionRoutes(deps: {
  stores: Stores;
  dispatch: DispatchService;
  csrf: RequestHandler;
}): Router {
  const { stores, dispatch } = deps;
  const router = Router();
  const staff = requireRole('coordinator', 'lead');
  const csrf = deps.csrf;

  async function ownRequest(id: string, workspaceId: string | undefined): Promise<HelpRequest> {
    const request = await stores.requests.getById(id);
    if (!request || request.workspaceId !== workspaceId) throw new NotFound('Request not found');
    return request;
  }

  router.post('/api/requests/:id/assign', staff, csrf, async (req, res) => {
    const request = await ownRequest(String(req.params.id), req.user?.workspaceId);
    const parsed = assignBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Invalid assignment', fieldErrors(parsed.error));
    const counselor = await stores.users.getById(parsed.data.counselorId);
    if (!counselor || counselor.role !== 'counselor' || !sameWorkspace(req.user, counselor.workspaceId)) {
      throw new BadRequest('Invalid assignment', { counselorId: 'No such counselor in this team' });
    }
    const result = await dispatch.assign(request, counselor.id, req.user!.id);
    if (result !== 'assigned') throw new Conflict(result === 'closed' ? 'This request is closed' : 'Already assigned');
    res.json({ result });
  });

  router.post('/api/requests/:id/widen', staff, csrf, async (req, res) => {
    const request = await ownRequest(String(req.params.id), req.user?.workspaceId);
    if (!(await dispatch.widen(request, req.user!.id))) throw new Conflict('This request is closed');
    res.status(202).json({ result: 'widening' });
  });

  router.post('/api/requests/:id/extend', staff, csrf, async (req, res) => {
    const request = await ownRequest(String(req.params.id), req.user?.workspaceId);
    const parsed = extendBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Invalid extension', fieldErrors(parsed.error));
    const byMs = parseDuration(parsed.data.by) as number;
    if (!(await dispatch.extend(request, byMs, req.user!.id))) throw new Conflict('This request is closed');
    res.status(202).json({ result: 'extended', byMs });
  });

  router.post('/api/requests/:id/cancel', staff, csrf, async (req, res) => {
    const request = await ownRequest(String(req.params.id), req.user?.workspaceId);
    const parsed = cancelBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Invalid cancellation', fieldErrors(parsed.error));
    if (!(await dispatch.cancel(request, 'coordinator', req.user!.id, parsed.data.reason))) {
      throw new Conflict('This request is closed');
    }
    res.status(202).json({ result: 'cancelling' });
  });

  return router;
}
