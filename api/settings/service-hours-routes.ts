// The team's service hours (coordinators only, audited): always open, or days and hours in a time zone.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { sessionCsrfToken } from '../auth/csrf';
import { parseServiceHours, serviceHoursValues, valuesOf } from './service-hours-form';
import { serviceHoursPage } from './service-hours-view';

export function serviceHoursSettingsRoutes(deps: {
  stores: Stores;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = allow(RULES.coordinator, { page: true });

  router.get('/settings/service-hours', coordinator, async (req, res) => {
    const user = req.user!;
    const workspace = await stores.workspaces.getById(user.workspaceId);
    res.type('html').send(
      serviceHoursPage({
        user,
        values: valuesOf(await stores.serviceHours.get(user.workspaceId), workspace?.timeZone ?? 'UTC'),
        csrfToken: sessionCsrfToken(sessionSecret, req),
        saved: req.query.saved === '1',
      }),
    );
  });

  router.post('/settings/service-hours', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const parsed = parseServiceHours(req.body);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(
          serviceHoursPage({
            user,
            values: serviceHoursValues((req.body ?? {}) as Record<string, unknown>),
            errors: parsed.errors,
            csrfToken: sessionCsrfToken(sessionSecret, req),
          }),
        );
      return;
    }
    await stores.serviceHours.save(user.workspaceId, parsed.hours);
    await stores.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: 'service-hours-changed',
      subjectType: 'workspace',
      subjectId: user.workspaceId,
      detail: parsed.hours ? { ...parsed.hours } : { always: true },
    });
    res.redirect(303, '/settings/service-hours?saved=1');
  });

  return router;
}
