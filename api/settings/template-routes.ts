// A workspace's own message templates: list, edit with preview, save, restore the default. Coordinators only.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Stores } from '../../db';
import { defaultTemplate, type MessageKey, type Template } from '../../notifications/catalogue';
import { withDefaults } from '../../domain/policy';
import { sessionCsrfToken } from '../auth/csrf';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest, NotFound } from '../errors';
import {
  hasSubject,
  isMessageKey,
  isTemplateLanguage,
  previewTemplate,
  templateProblems,
  type TemplateLanguage,
} from './template-rules';
import { templateEditPage, templatesListPage, type TemplateEditView } from './template-view';

export function templateSettingsRoutes(deps: {
  stores: Stores;
  csrf: RequestHandler;
  sessionSecret: string;
  publicBaseUrl: string;
}): Router {
  const { stores, csrf, sessionSecret, publicBaseUrl } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  router.get('/settings/templates', coordinator, async (req, res) => {
    const own = await stores.templates.list(req.user!.workspaceId);
    const ws = await stores.workspaces.getById(req.user!.workspaceId);
    res.type('html').send(
      templatesListPage({
        user: req.user!,
        own,
        lockScreenDetails: ws?.lockScreenDetails ?? false,
        csrfToken: sessionCsrfToken(sessionSecret, req),
        saved: req.query.lockScreen === 'saved',
      }),
    );
  });

  /** A checkbox: unticked (absent) is discreet, the default. */
  const lockScreenForm = z.object({ details: z.literal('on').optional() });

  router.post('/settings/templates/lock-screen', coordinator, csrf, async (req, res) => {
    const parsed = lockScreenForm.safeParse(req.body ?? {});
    if (!parsed.success) throw new BadRequest('Tick the box or leave it empty');
    await stores.workspaces.setLockScreenDetails(req.user!.workspaceId, parsed.data.details === 'on');
    res.redirect(303, '/settings/templates?lockScreen=saved');
  });

  /** The key and language from the path; anything else is a page that does not exist. */
  function target(req: Request): { key: MessageKey; language: TemplateLanguage } {
    const key = String(req.params.key);
    const language = String(req.params.language);
    if (!isMessageKey(key) || !isTemplateLanguage(language)) throw new NotFound('No such message template');
    return { key, language };
  }

  function send(req: Request, res: Response, status: number, view: Omit<TemplateEditView, 'user' | 'csrfToken'>) {
    res
      .status(status)
      .type('html')
      .send(
        templateEditPage({
          ...view,
          user: req.user!,
          csrfToken: sessionCsrfToken(sessionSecret, req),
        }),
      );
  }

  router.get('/settings/templates/:key/:language', coordinator, async (req, res) => {
    const { key, language } = target(req);
    const own = await stores.templates.get(req.user!.workspaceId, key, language);
    const text: Template = own ? { subject: own.subject ?? undefined, body: own.body } : defaultTemplate(key, language);
    const flash = req.query.saved === '1' ? 'saved' : req.query.restored === '1' ? 'restored' : undefined;
    send(req, res, 200, { key, language, text, own, errors: {}, flash });
  });

  router.post('/settings/templates/:key/:language', coordinator, csrf, async (req, res) => {
    const { key, language } = target(req);
    const workspaceId = req.user!.workspaceId;
    const base = `/settings/templates/${key}/${language}`;
    const action = req.body?.action;

    if (action === 'restore') {
      await stores.templates.remove(workspaceId, key, language);
      res.redirect(303, `${base}?restored=1`);
      return;
    }

    // Browsers send textarea lines as CRLF; the sender and the segment count work in LF.
    const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');
    const text: Template = {
      ...(hasSubject(key) ? { subject: clean(req.body?.subject).trim() } : {}),
      body: clean(req.body?.body).replace(/\s+$/, ''),
    };
    const [own, workspace] = await Promise.all([
      stores.templates.get(workspaceId, key, language),
      stores.workspaces.getById(workspaceId),
    ]);
    const errors: Record<string, string> = {};
    for (const p of templateProblems(key, language, text, { publicBaseUrl })) errors[p.field] ??= p.message;

    if (action === 'save') {
      if (Object.keys(errors).length) {
        send(req, res, 400, { key, language, text, own, errors });
        return;
      }
      await stores.templates.save(workspaceId, {
        key,
        language,
        subject: hasSubject(key) ? (text.subject ?? null) : null,
        body: text.body,
      });
      res.redirect(303, `${base}?saved=1`);
      return;
    }

    // Preview (also the answer to a form sent without a button): nothing is saved, problems are shown.
    const alternatives = withDefaults(workspace?.dispatchPolicy).alternatives;
    const previews = previewTemplate(key, language, text, { publicBaseUrl, alternatives });
    send(req, res, 200, { key, language, text, own, errors, previews });
  });

  return router;
}
