// Public intake: the HTML form and POST /api/requests (JSON).
import { Router } from 'express';
import type { Stores } from '../../db';
import type { DispatchService } from '../dispatch-service';
import { BadRequest, NotFound } from '../errors';
import { parseIntake } from '../intake-schema';
import { intakePage, submittedPage } from '../views/intake-view';

export function intakeRoutes(deps: { stores: Stores; dispatch: DispatchService; publicBaseUrl: string }): Router {
  const { stores, dispatch, publicBaseUrl } = deps;
  const router = Router();
  const statusUrl = (token: string) => `${publicBaseUrl}/r/${token}`;

  async function workspaceOr404(slug: unknown) {
    const workspace = typeof slug === 'string' ? await stores.workspaces.getBySlug(slug) : undefined;
    if (!workspace) throw new NotFound('This request form does not exist');
    return workspace;
  }

  router.get('/w/:slug/request', async (req, res) => {
    res.type('html').send(intakePage(await workspaceOr404(req.params.slug)));
  });

  router.post('/w/:slug/request', async (req, res) => {
    const workspace = await workspaceOr404(req.params.slug);
    const parsed = parseIntake(req.body);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(intakePage(workspace, req.body ?? {}, parsed.errors));
      return;
    }
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res
      .status(201)
      .type('html')
      .send(submittedPage(statusUrl(statusToken), request.urgent));
  });

  router.post('/api/requests', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.workspace !== 'string')
      throw new BadRequest('Invalid request', { workspace: 'workspace is required' });
    const workspace = await workspaceOr404(body.workspace);
    const parsed = parseIntake(body);
    if (!parsed.ok) throw new BadRequest('Invalid request', parsed.errors);
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res.status(201).json({ id: request.id, statusUrl: statusUrl(statusToken), urgent: request.urgent });
  });

  return router;
}
