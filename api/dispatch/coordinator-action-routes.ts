// What a coordinator can do to a live request, as JSON: assign a named counselor, widen the match, extend,
// cancel. The checks live in the coordinator action service, shared with the request page's forms.
import { Router, type RequestHandler } from 'express';
import { requireRole } from '../auth/sign-in-session';
import type { CoordinatorActionService } from './coordinator-action-service';

export function coordinatorActionRoutes(deps: { actions: CoordinatorActionService; csrf: RequestHandler }): Router {
  const { actions, csrf } = deps;
  const router = Router();
  const staff = requireRole('coordinator', 'lead');

  router.post('/api/requests/:id/assign', staff, csrf, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    res.json(await actions.assign(request, req.user!, req.body));
  });

  router.post('/api/requests/:id/widen', staff, csrf, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    res.status(202).json(await actions.widen(request, req.user!));
  });

  router.post('/api/requests/:id/extend', staff, csrf, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    res.status(202).json(await actions.extend(request, req.user!, req.body));
  });

  router.post('/api/requests/:id/cancel', staff, csrf, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    res.status(202).json(await actions.cancel(request, req.user!, req.body));
  });

  router.post('/api/requests/:id/release', staff, csrf, async (req, res) => {
    const request = await actions.ownRequest(String(req.params.id), req.user);
    res.json(await actions.release(request, req.user!));
  });

  return router;
}
