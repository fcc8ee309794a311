// The workspace's retention period (days contact details are kept after a request closes). Coordinators only.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { RETENTION_DAYS, type Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { retentionPage } from './retention-view';

const daysSchema = z.coerce
  .number({ error: `Enter a number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}` })
  .int({ error: 'Enter a whole number of days' })
  .min(RETENTION_DAYS.min, { error: `Keep them at least ${RETENTION_DAYS.min} day` })
  .max(RETENTION_DAYS.max, { error: `At most ${RETENTION_DAYS.max} days (ten years)` });

/** Parses the form's value: a whole number of days within the allowed range. */
export function parseRetentionDays(value: unknown): { ok: true; days: number } | { ok: false; error: string } {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, error: 'Enter a number of days' };
  const parsed = daysSchema.safeParse(value.trim());
  return parsed.success ? { ok: true, days: parsed.data } : { ok: false, error: parsed.error.issues[0].message };
}

export function retentionSettingsRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const page = requirePageRole('coordinator');

  router.get('/settings/retention', page, async (req, res) => {
    const days = await stores.retention.retentionDays(req.user!.workspaceId);
    res.type('html').send(
      retentionPage({
        user: req.user!,
        value: String(days),
        csrfToken: sessionCsrfToken(sessionSecret, req),
        saved: req.query.saved === '1',
      }),
    );
  });

  router.post('/settings/retention', page, csrf, async (req, res) => {
    const raw = (req.body as Record<string, unknown> | undefined)?.retentionDays;
    const parsed = parseRetentionDays(raw);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(
          retentionPage({
            user: req.user!,
            value: typeof raw === 'string' ? raw : '',
            error: parsed.error,
            csrfToken: sessionCsrfToken(sessionSecret, req),
          }),
        );
      return;
    }
    await stores.retention.setRetentionDays(req.user!.workspaceId, parsed.days);
    res.redirect(303, '/settings/retention?saved=1');
  });

  return router;
}
