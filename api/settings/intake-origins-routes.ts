// A coordinator lists the websites (origins) that may send requests to the team's intake from a browser (CORS
// on POST /api/requests). One origin per line: scheme, host and port only, e.g. https://help.example.org.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { sessionCsrfToken } from '../auth/csrf';
import { parseOrigins, readOriginsForm } from './intake-origins-form';
import { intakeOriginsPage } from './intake-origins-view';

export function intakeSettingsRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = allow(RULES.coordinator, { page: true });

  router.get('/settings/intake', coordinator, async (req, res) => {
    const origins = await stores.intakeOrigins.list(req.user!.workspaceId);
    res.type('html').send(intakeOriginsPage(req.user!, sessionCsrfToken(sessionSecret, req), origins.join('\n')));
  });

  router.post('/settings/intake', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const token = sessionCsrfToken(sessionSecret, req);
    const { origins: text } = readOriginsForm(req.body);
    const parsed = parseOrigins(text);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(intakeOriginsPage(user, token, text, { error: parsed.error }));
      return;
    }
    await stores.intakeOrigins.save(user.workspaceId, parsed.origins);
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'intake-origins-changed',
      subjectType: 'workspace',
      subjectId: user.workspaceId,
      detail: { count: parsed.origins.length },
    });
    res.type('html').send(intakeOriginsPage(user, token, parsed.origins.join('\n'), { note: 'Saved.' }));
  });

  return router;
}
