// A coordinator lists the websites (origins) that may send requests to the team's intake from a browser (CORS
// on POST /api/requests). One origin per line: scheme, host and port only, e.g. https://help.example.org.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { allow, RULES } from '../auth/access-policy';
import { csrfTokenFor } from '../auth/csrf';
import { SESSION_COOKIE } from '../auth/sign-in-session';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export const MAX_ORIGINS = 20;

/** The origins from the textarea, or the first line that is not one. */
export function parseOrigins(text: string): { ok: true; origins: string[] } | { ok: false; error: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const origins: string[] = [];
  for (const line of lines) {
    let origin: string | undefined;
    try {
      const url = new URL(line);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === line.replace(/\/$/, ''))
        origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) return { ok: false, error: `"${line}" is not an origin: write it like https://help.example.org` };
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_ORIGINS) return { ok: false, error: `At most ${MAX_ORIGINS} origins.` };
  return { ok: true, origins };
}

export function intakeSettingsRoutes(deps: { stores: Stores; csrf: RequestHandler; sessionSecret: string }): Router {
  const { stores, csrf, sessionSecret } = deps;
  const router = Router();
  const coordinator = allow(RULES.coordinator, { page: true });

  function settingsPage(
    user: { name: string; role: string },
    token: string,
    text: string,
    opts: { error?: string; note?: string } = {},
  ) {
    return page(
      { title: 'Intake websites', user },
      html`<h1>Websites that may send requests</h1>
        ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
        <p>
          Your team's own request form always works. List here other websites whose pages send requests to your team
          (through <code>POST /api/requests</code>), one per line. Browsers on any other website are refused.
        </p>
        <form method="post" action="/settings/intake">
          ${csrfField(token)}
          <label for="origins">Allowed origins</label>
          <textarea id="origins" name="origins">${text}</textarea>
          <p><button type="submit">Save</button></p>
        </form>`,
    );
  }

  router.get('/settings/intake', coordinator, async (req, res) => {
    const origins = await stores.intakeOrigins.list(req.user!.workspaceId);
    res
      .type('html')
      .send(settingsPage(req.user!, csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]), origins.join('\n')));
  });

  router.post('/settings/intake', coordinator, csrf, async (req, res) => {
    const user = req.user!;
    const token = csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]);
    const text = typeof req.body?.origins === 'string' ? req.body.origins : '';
    const parsed = parseOrigins(text);
    if (!parsed.ok) {
      res
        .status(400)
        .type('html')
        .send(settingsPage(user, token, text, { error: parsed.error }));
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
    res.type('html').send(settingsPage(user, token, parsed.origins.join('\n'), { note: 'Saved.' }));
  });

  return router;
}
