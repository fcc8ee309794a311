// Settings the board and the requester pages use: the time-to-help target and the languages the requester
// pages are offered in. Coordinators only; invalid input changes nothing. Also the settings index page.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { AVAILABLE_LANGUAGES, LANGUAGE_NAMES } from '../i18n';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

/** Every settings page, for the index (the nav's "Settings" leads here). */
export const SETTINGS_PAGES = [
  { href: '/settings/policy', label: 'Dispatch policy', hint: 'waves, waits, widening' },
  { href: '/settings/templates', label: 'Message templates', hint: 'SMS and email texts' },
  { href: '/settings/rota', label: 'On-call rota', hint: 'who is on call, and when' },
  { href: '/settings/crisis-resources', label: 'Crisis resources', hint: 'lines shown to requesters in danger' },
  { href: '/settings/board', label: 'Board and requester pages', hint: 'time-to-help target, languages' },
  { href: '/settings/intake', label: 'Intake websites', hint: 'sites that may embed the request form' },
  { href: '/settings/retention', label: 'Data retention', hint: 'days before requester contact is purged' },
  { href: '/settings/two-factor', label: 'Two-step sign-in', hint: 'a code from an authenticator app' },
  { href: '/settings/test-messages', label: 'Test messages', hint: 'send a test SMS or email to yourself' },
];

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
});

interface FormValues {
  targetHours: string;
  pageLanguages: string[];
}

export function boardSettingsRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  router.get('/settings', coordinator, (req, res) => {
    res.type('html').send(
      page(
        { title: 'Settings', user: req.user, current: 'settings' },
        html`<h1>Settings</h1>
          <ul class="link-list">
            ${SETTINGS_PAGES.map(
              (p) => html`<li><a href="${p.href}">${p.label}</a> <span class="muted">${p.hint}</span></li>`,
            )}
          </ul>`,
      ),
    );
  });

  const send = (req: Request, res: Response, values: FormValues, errors: Record<string, string> = {}) => {
    const invalid = Object.keys(errors).length > 0;
    res
      .status(invalid ? 400 : 200)
      .type('html')
      .send(
        page(
          { title: 'Board and requester pages', user: req.user, current: 'settings' },
          html`<p><a href="/settings">← Settings</a></p>
            <h1>Board and requester pages</h1>
            ${!invalid && req.query.saved === '1' ? notice('Saved.') : ''}
            ${errorSummary('Nothing was saved:', Object.values(errors))}
            <form method="post" action="/settings/board" novalidate>
              ${csrfField(csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]))}
              <label for="targetHours"
                >Time-to-help target, in hours
                <span class="hint">(from a request being sent to a counselor accepting it)</span></label
              >
              <input
                type="text"
                inputmode="decimal"
                id="targetHours"
                name="targetHours"
                value="${values.targetHours}"
                ${invalidAttrs(errors, 'targetHours')}
              />
              ${fieldError(errors, 'targetHours')}
              <fieldset ${invalidAttrs(errors, 'pageLanguages')}>
                <legend>Languages of the request form and status page</legend>
                ${AVAILABLE_LANGUAGES.map(
                  (code) =>
                    html`<label
                      ><input
                        type="checkbox"
                        name="pageLanguages"
                        value="${code}"
                        ${values.pageLanguages.includes(code) ? html`checked` : ''}
                      />
                      ${LANGUAGE_NAMES[code] ?? code}</label
                    >`,
                )}
              </fieldset>
              ${fieldError(errors, 'pageLanguages')}
              <div class="buttons"><button type="submit">Save</button></div>
            </form>`,
        ),
      );
  };

  router.get('/settings/board', coordinator, async (req, res) => {
    const s = await stores.board.settings(req.user!.workspaceId);
    send(req, res, {
      targetHours: String(Number((s.timeToHelpTargetMinutes / 60).toFixed(2))),
      pageLanguages: s.pageLanguages,
    });
  });

  router.post('/settings/board', coordinator, csrf, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = {
      targetHours: typeof body.targetHours === 'string' ? body.targetHours : '',
      pageLanguages: ([] as unknown[]).concat(body.pageLanguages ?? []).map(String),
    };
    const parsed = settingsSchema.safeParse({
      ...body,
      targetHours: values.targetHours.replace(',', '.') || undefined,
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      send(req, res, values, errors);
      return;
    }
    await stores.board.saveSettings(req.user!.workspaceId, {
      timeToHelpTargetMinutes: Math.round(parsed.data.targetHours * 60),
      pageLanguages: parsed.data.pageLanguages,
    });
    res.redirect(303, '/settings/board?saved=1');
  });

  return router;
}
