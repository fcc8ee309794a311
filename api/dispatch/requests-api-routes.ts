// Coordinators' JSON view of one request: the live status from the workflow and the timeline.
import { Router } from 'express';
import type { Stores } from '../../db';
import { requireRole, sameWorkspace } from '../auth/sign-in-session';
import type { DispatchService } from './service';
import { NotFound } from '../errors';

export function requestsApiRoutes(deps: { stores: Stores; dispatch: DispatchService }): Router {
  const { stores, dispatch } = deps;
  const router = Router();

  router.get('/api/requests/:id', requireRole('coordinator'), async (req, res) => {
    const request = await stores.requests.getById(String(req.params.id));
    if (!request || !sameWorkspace(req.user, request.workspaceId)) throw new NotFound('Request not found');
    const [status, events, notifications] = await Promise.all([
      dispatch.status(request),
      stores.events.list(request.id),
      stores.notifications.listForRequest(request.id),
    ]);
    res.json({
      id: request.id,
      language: request.language,
      topic: request.topic,
      livedExperience: request.livedExperience,
      urgent: request.urgent,
      createdAt: request.createdAt,
      ...status,
      timeline: events.map((e) => ({ type: e.type, at: e.at, ...e.data })),
      // Every message about the request and what the provider said about it (counselorId null: the requester).
      deliveries: notifications.map((n) => ({
        counselorId: n.userId,
        channel: n.channel,
        purpose: n.purpose,
        status: n.status,
        deliveryStatus: n.deliveryStatus,
        error: n.error,
      })),
    });
  });

  return router;
}
