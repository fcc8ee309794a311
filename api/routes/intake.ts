// Public intake: the HTML form and POST /api/requests (JSON).
import { Router } from 'express';
import type { Stores } from '../../db';
import type { DispatchService } from '../dispatch-service';
import { BadRequest, NotFound } from '../errors';
import { parseIntake } from '../intake-schema';
import { intakePage, submittedPage } from '../views/intake-view';
import { allow, RULES } from '../auth/access-policy';

/** What peer support is and is not, for API clients to show before their form is sent. */
export const SCOPE_SUMMARY =
  'Peer support is a conversation with a trained peer counselor. It is not therapy, not an assessment, and not an ' +
  'emergency or crisis service; a counselor usually gets in touch within hours. In danger now: call your local emergency number.';

export function intakeRoutes(deps: { stores: Stores; dispatch: DispatchService; publicBaseUrl: string }): Router {
  const { stores, dispatch, publicBaseUrl } = deps;
  const router = Router();
  const open = allow(RULES.public);
  const statusUrl = (token: string) => `${publicBaseUrl}/r/${token}`;

  async function workspaceOr404(slug: unknown) {
    const workspace = typeof slug === 'string' ? await stores.workspaces.getBySlug(slug) : undefined;
    if (!workspace) throw new NotFound('This request form does not exist');
    return workspace;
  }

  router.get('/w/:slug/request', open, async (req, res) => {
    const workspace = await workspaceOr404(req.params.slug);
    res.type('html').send(intakePage(workspace, {}, {}, await stores.safety.crisisResources(workspace.id)));
  });

  router.post('/w/:slug/request', open, async (req, res) => {
    const workspace = await workspaceOr404(req.params.slug);
    const parsed = parseIntake(req.body);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(intakePage(workspace, req.body ?? {}, parsed.errors, await stores.safety.crisisResources(workspace.id)));
      return;
    }
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res
      .status(201)
      .type('html')
      .send(
        submittedPage(
          statusUrl(statusToken),
          request.urgent,
          request.urgent ? await stores.safety.crisisResources(workspace.id, request.language) : [],
        ),
      );
  });

  router.post('/api/requests', open, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.workspace !== 'string')
      throw new BadRequest('Invalid request', { workspace: 'workspace is required' });
    const workspace = await workspaceOr404(body.workspace);
    const parsed = parseIntake(body);
    if (!parsed.ok) throw new BadRequest('Invalid request', parsed.errors);
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res.status(201).json({
      id: request.id,
      statusUrl: statusUrl(statusToken),
      urgent: request.urgent,
      scope: SCOPE_SUMMARY,
      // A person who may be in danger now gets the crisis lines first, before anything else.
      ...(request.urgent
        ? { crisisResources: await stores.safety.crisisResources(workspace.id, request.language) }
        : {}),
    });
  });

  return router;
}
