// Coordinators maintain the crisis lines requesters see at intake (per language, per country).
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db';
import { LANGUAGES } from '../../domain/vocabulary';
import { csrfTokenFor } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { NotFound } from '../errors';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import type { CrisisResource } from '../../db/stores/safety-store';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v));

export const crisisResourceSchema = z.object({
  name: z.string({ error: 'Give the service a name' }).trim().min(1, { error: 'Give the service a name' }).max(200),
  phone: optional.pipe(
    z
      .string()
      .regex(/^\+?[0-9 ()-]{3,20}$/, { error: 'A phone number, digits and spaces' })
      .nullable(),
  ),
  url: optional.pipe(z.url({ protocol: /^https?$/, error: 'A web address starting with https://' }).nullable()),
  language: optional.pipe(
    z.enum(Object.keys(LANGUAGES) as [string, ...string[]], { error: 'Choose a language' }).nullable(),
  ),
  country: optional.pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'A two-letter country code, like EE' })
      .nullable(),
  ),
  note: optional.pipe(z.string().max(300, { error: 'At most 300 characters' }).nullable()),
  position: z.coerce.number().int().min(0).max(999).default(0),
});

export function crisisResourceRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  function render(
    token: string,
    resources: CrisisResource[],
    opts: { errors?: Record<string, string>; values?: Record<string, string>; note?: string } = {},
  ) {
    const errors = opts.errors ?? {};
    const v = (k: string) => opts.values?.[k] ?? '';
    return page(
      { title: 'Crisis resources' },
      html`<h1>Crisis resources</h1>
        ${opts.note ? notice(opts.note) : ''}
        <p>Requesters see these on the request form, and first of all when they say they may be in danger now.</p>
        <table>
          <thead>
            <tr>
              <th>Service</th>
              <th>Phone</th>
              <th>Web</th>
              <th>Language</th>
              <th>Country</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${resources.map(
              (r) =>
                html`<tr>
                  <td>${r.name}${r.note ? html`<br /><span class="muted">${r.note}</span>` : ''}</td>
                  <td>${r.phone ?? ''}</td>
                  <td>${r.url ?? ''}</td>
                  <td>${r.language ?? 'any'}</td>
                  <td>${r.country ?? 'any'}</td>
                  <td>
                    <form method="post" action="/settings/crisis-resources/${r.id}/delete">
                      ${csrfField(token)}<button type="submit" class="link">Remove</button>
                    </form>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h2>Add a resource</h2>
        ${errorSummary('Please check the form:', Object.values(errors))}
        <form method="post" action="/settings/crisis-resources">
          ${csrfField(token)}
          <label for="name">Service</label>
          <input type="text" id="name" name="name" value="${v('name')}" ${invalidAttrs(errors, 'name')} />
          ${fieldError(errors, 'name')}
          <label for="phone">Phone</label>
          <input type="tel" id="phone" name="phone" value="${v('phone')}" ${invalidAttrs(errors, 'phone')} />
          ${fieldError(errors, 'phone')}
          <label for="url">Web address</label>
          <input type="text" id="url" name="url" value="${v('url')}" ${invalidAttrs(errors, 'url')} />
          ${fieldError(errors, 'url')}
          <label for="language">For requesters speaking <span class="hint">(empty: everyone)</span></label>
          <select id="language" name="language">
            <option value="">Any language</option>
            ${Object.entries(LANGUAGES).map(
              ([code, name]) =>
                html`<option value="${code}" ${v('language') === code ? html` selected` : ''}>${name}</option>`,
            )}
          </select>
          ${fieldError(errors, 'language')}
          <label for="country">Country <span class="hint">(two letters, e.g. EE; empty: any)</span></label>
          <input
            type="text"
            id="country"
            name="country"
            value="${v('country')}"
            maxlength="2"
            ${invalidAttrs(errors, 'country')}
          />
          ${fieldError(errors, 'country')}
          <label for="note">Note <span class="hint">(opening hours, who it is for)</span></label>
          <input type="text" id="note" name="note" value="${v('note')}" ${invalidAttrs(errors, 'note')} />
          ${fieldError(errors, 'note')}
          <label for="position">Order</label>
          <input type="text" id="position" name="position" value="${v('position') || '0'}" inputmode="numeric" />
          <p><button type="submit">Add</button></p>
        </form>`,
    );
  }

  const tokenOf = (cookies: Record<string, string>) => csrfTokenFor(sessionSecret, cookies[SESSION_COOKIE]);

  router.get('/settings/crisis-resources', coordinator, async (req, res) => {
    const resources = await stores.safety.crisisResources(req.user!.workspaceId);
    const note = req.query.saved ? 'Saved.' : undefined;
    res.type('html').send(render(tokenOf(req.cookies), resources, { note }));
  });

  router.post('/settings/crisis-resources', coordinator, csrf, async (req, res) => {
    const parsed = crisisResourceSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      const resources = await stores.safety.crisisResources(req.user!.workspaceId);
      res
        .status(400)
        .type('html')
        .send(render(tokenOf(req.cookies), resources, { errors, values: req.body }));
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
