// Settings the board and the requester pages use: the time-to-help target and the languages the requester
// pages are offered in, and the country whose national phone formats every phone field reads. Coordinators only; invalid input changes nothing. Also the settings index page.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { AVAILABLE_LANGUAGES } from '../i18n';
import { boardSettingsPage, type BoardSettingsValues } from './board-view';
import { settingsIndexPage } from './view';
import { fieldErrors } from '../form-fields';
import { phoneCountryField } from '../team/form';
import { countryOfTimeZone } from '../../domain/phone';

const settingsSchema = z.object({
  targetHours: z.coerce
    .number({ error: 'Enter the target in hours, e.g. 4 or 1.5' })
    .min(0.25, { error: 'The target must be at least 0.25 hours (15 minutes)' })
    .max(168, { error: 'The target can be at most 168 hours (a week)' }),
  pageLanguages: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.enum(AVAILABLE_LANGUAGES as [string, ...string[]], { error: 'Choose languages from the list' }))
      .min(1, { error: 'Choose at least one language for the requester pages' }),
  ),
  // Empty: the country of the team's time zone.
  phoneCountry: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    phoneCountryField.optional(),
  ),
});

export function boardSettingsRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  router.get('/settings', coordinator, (req, res) => {
    res.type('html').send(settingsIndexPage(req.user));
  });

  const send = (req: Request, res: Response, values: BoardSettingsValues, errors: Record<string, string> = {}) => {
    const invalid = Object.keys(errors).length > 0;
    res
      .status(invalid ? 400 : 200)
      .type('html')
      .send(
        boardSettingsPage({
          user: req.user,
          csrf: sessionCsrfToken(sessionSecret, req),
          saved: req.query.saved === '1',
          values,
          errors,
        }),
      );
  };

  const zoneCountryOf = async (workspaceId: string) => {
    const workspace = await stores.workspaces.getById(workspaceId);
    return { workspace, zoneCountry: workspace && countryOfTimeZone(workspace.timeZone) };
  };

  router.get('/settings/board', coordinator, async (req, res) => {
    const s = await stores.board.settings(req.user!.workspaceId);
    const { workspace, zoneCountry } = await zoneCountryOf(req.user!.workspaceId);
    send(req, res, {
      targetHours: String(Number((s.timeToHelpTargetMinutes / 60).toFixed(2))),
      pageLanguages: s.pageLanguages,
      phoneCountry: workspace?.phoneCountry ?? '',
      zoneCountry,
    });
  });

  router.post('/settings/board', coordinator, csrf, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: BoardSettingsValues = {
      targetHours: typeof body.targetHours === 'string' ? body.targetHours : '',
      pageLanguages: ([] as unknown[]).concat(body.pageLanguages ?? []).map(String),
      phoneCountry: typeof body.phoneCountry === 'string' ? body.phoneCountry : '',
      zoneCountry: (await zoneCountryOf(req.user!.workspaceId)).zoneCountry,
    };
    const parsed = settingsSchema.safeParse({
      ...body,
      targetHours: values.targetHours.replace(',', '.') || undefined,
    });
    if (!parsed.success) {
      send(req, res, values, fieldErrors(parsed.error));
      return;
    }
    await stores.board.saveSettings(req.user!.workspaceId, {
      timeToHelpTargetMinutes: Math.round(parsed.data.targetHours * 60),
      pageLanguages: parsed.data.pageLanguages,
    });
    await stores.workspaces.setPhoneCountry(req.user!.workspaceId, parsed.data.phoneCountry ?? null);
    res.redirect(303, '/settings/board?saved=1');
  });

  return router;
}
