// Public intake: the HTML form and POST /api/requests (JSON).
import { Router, type Request } from 'express';
import type { Stores } from '../../db';
import type { DispatchService } from '../dispatch-service';
import { BadRequest, NotFound } from '../errors';
import { chooseLanguage, translator } from '../i18n';
import { parseIntake } from '../intake-schema';
import { intakePage, submittedPage } from '../views/intake-view';

/** What peer support is and is not, for API clients to show before their form is sent. */
export const SCOPE_SUMMARY =
  'Peer support is a conversation with a trained peer counselor. It is not therapy, not an assessment, and not an ' +
  'emergency or crisis service; a counselor usually gets in touch within hours. In danger now: call your local emergency number.';

export function intakeRoutes(deps: { stores: Stores; dispatch: DispatchService; publicBaseUrl: string }): Router {
  const { stores, dispatch, publicBaseUrl } = deps;
  const router = Router();
  const statusUrl = (token: string) => `${publicBaseUrl}/r/${token}`;

  async function workspaceOr404(slug: unknown) {
    const workspace = typeof slug === 'string' ? await stores.workspaces.getBySlug(slug) : undefined;
    if (!workspace) throw new NotFound('This request form does not exist');
    return workspace;
  }

  /** The page language: the requester's choice (?lang= or the form's lang), else the browser's, among the workspace's. */
  async function pageLanguage(req: Request, workspaceId: string) {
    const { pageLanguages } = await stores.board.settings(workspaceId);
    const chosen = (req.body as Record<string, unknown> | undefined)?.lang ?? req.query.lang;
    return { lang: chooseLanguage(pageLanguages, chosen, req.get('accept-language')), languages: pageLanguages };
  }

  router.get('/w/:slug/request', async (req, res) => {
    const workspace = await workspaceOr404(req.params.slug);
    const language = await pageLanguage(req, workspace.id);
    res
      .type('html')
      .set('Content-Language', language.lang)
      .send(intakePage(workspace, {}, {}, await stores.safety.crisisResources(workspace.id), language));
  });

  router.post('/w/:slug/request', async (req, res) => {
    const workspace = await workspaceOr404(req.params.slug);
    const language = await pageLanguage(req, workspace.id);
    const parsed = parseIntake(req.body);
    if (!parsed.ok) {
      const t = translator(language.lang);
      const errors = Object.fromEntries(Object.entries(parsed.errorKeys).map(([field, key]) => [field, t(key)]));
      res
        .status(400)
        .type('html')
        .set('Content-Language', language.lang)
        .send(
          intakePage(workspace, req.body ?? {}, errors, await stores.safety.crisisResources(workspace.id), language),
        );
      return;
    }
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    // The status link keeps the page language the requester chose.
    const link = statusUrl(statusToken) + (language.languages.length > 1 ? `?lang=${language.lang}` : '');
    res
      .status(201)
      .type('html')
      .set('Content-Language', language.lang)
      .send(
        submittedPage(
          link,
          request.urgent,
          request.urgent ? await stores.safety.crisisResources(workspace.id, request.language) : [],
          language.lang,
        ),
      );
  });

  router.post('/api/requests', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.workspace !== 'string')
      throw new BadRequest('Invalid request', { workspace: 'workspace is required' });
    const workspace = await workspaceOr404(body.workspace);
    const parsed = parseIntake(body);
    if (!parsed.ok) throw new BadRequest('Invalid request', parsed.errors);
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res.status(201).json({
      id: request.id,
      statusUrl: statusUrl(statusToken),
      urgent: request.urgent,
      scope: SCOPE_SUMMARY,
      // A person who may be in danger now gets the crisis lines first, before anything else.
      ...(request.urgent
        ? { crisisResources: await stores.safety.crisisResources(workspace.id, request.language) }
        : {}),
    });
  });

  return router;
}
