// Coordinators' JSON view of one request: the live status from the workflow and the timeline.
import { Router } from 'express';
import type { Stores } from '../../db';
import { requireRole, sameWorkspace } from '../auth/session';
import type { DispatchService } from '../dispatch-service';
import { NotFound } from '../errors';

export function requestsApiRoutes(deps: { stores: Stores; dispatch: DispatchService }): Router {
  const { stores, dispatch } = deps;
  const router = Router();

  router.get('/api/requests/:id', requireRole('coordinator'), async (req, res) => {
    const request = await stores.requests.getById(String(req.params.id));
    if (!request || !sameWorkspace(req.user, request.workspaceId)) throw new NotFound('Request not found');
    const [status, events] = await Promise.all([dispatch.status(request), stores.events.list(request.id)]);
    res.json({
      id: request.id,
      language: request.language,
      topic: request.topic,
      livedExperience: request.livedExperience,
      urgent: request.urgent,
      createdAt: request.createdAt,
      ...status,
      timeline: events.map((e) => ({ type: e.type, at: e.at, ...e.data })),
    });
  });

  return router;
}
