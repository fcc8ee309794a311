// A coordinator's or lead's own quiet hours for alerts (their account, their time zone).
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { sessionCsrfToken } from '../auth/csrf';
import { parseStaffQuietHours, type StaffQuietHoursValues } from './form';
import { staffQuietHoursPage } from './view';

export function staffQuietHoursRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const staff = allow(RULES.leadOrCoordinator, { page: true });

  async function render(
    req: Request,
    res: Response,
    status: number,
    values: StaffQuietHoursValues,
    errors: Record<string, string> = {},
  ) {
    const user = req.user!;
    const waiting = (await stores.heldAlerts.waiting(user.workspaceId)).filter((w) => w.userId === user.id);
    res
      .status(status)
      .type('html')
      .send(
        staffQuietHoursPage({
          user,
          csrf: sessionCsrfToken(sessionSecret, req),
          values,
          errors,
          saved: status === 200 && req.query.saved === '1',
          waiting,
        }),
      );
  }

  router.get('/settings/quiet-hours', staff, async (req, res) => {
    const own = await stores.heldAlerts.ownQuietHours(req.user!.id);
    await render(req, res, 200, {
      quietStart: own?.quietStart ?? '',
      quietEnd: own?.quietEnd ?? '',
      timeZone: own?.timeZone ?? 'UTC',
    });
  });

  router.post('/settings/quiet-hours', staff, csrf, async (req, res) => {
    const { values, errors, changes } = parseStaffQuietHours((req.body ?? {}) as Record<string, unknown>);
    if (!changes) {
      await render(req, res, 400, values, errors);
      return;
    }
    await stores.heldAlerts.setStaffQuietHours(req.user!.id, changes);
    res.redirect(303, '/settings/quiet-hours?saved=1');
  });

  return router;
}
