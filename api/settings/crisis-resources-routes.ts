// Coordinators maintain the crisis lines requesters see at intake (per language, per country).
import { Router, type Request, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { NotFound } from '../errors';
import { fieldErrors } from '../form-fields';
import { crisisResourceSchema } from './crisis-resources-form';
import { crisisResourcesPage } from './crisis-resources-view';

export function crisisResourceRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  const tokenOf = (req: Request) => sessionCsrfToken(sessionSecret, req);

  router.get('/settings/crisis-resources', coordinator, async (req, res) => {
    const resources = await stores.safety.crisisResources(req.user!.workspaceId);
    const note = req.query.saved ? 'Saved.' : undefined;
    res.type('html').send(crisisResourcesPage(tokenOf(req), resources, { note }));
  });

  router.post('/settings/crisis-resources', coordinator, csrf, async (req, res) => {
    const parsed = crisisResourceSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const resources = await stores.safety.crisisResources(req.user!.workspaceId);
      res
        .status(400)
        .type('html')
        .send(crisisResourcesPage(tokenOf(req), resources, { errors, values: req.body }));
      return;
    }
    await stores.safety.addCrisisResource(req.user!.workspaceId, parsed.data);
    res.redirect(303, '/settings/crisis-resources?saved=1');
  });

  router.post('/settings/crisis-resources/:id/delete', coordinator, csrf, async (req, res) => {
    const id = String(req.params.id);
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await stores.safety.removeCrisisResource(req.user!.workspaceId, id))) {
      throw new NotFound('No such resource');
    }
    res.redirect(303, '/settings/crisis-resources?saved=1');
  });

  return router;
}
