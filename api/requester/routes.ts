// The requester's private status page, reached by the random token from the confirmation. The requester
// can cancel from it (a POST: link scanners only GET). In the workspace's languages (api/i18n).
import { Router, type Request } from 'express';
import type { HelpRequest, Stores } from '../../db';
import type { DispatchService } from '../dispatch/service';
import { NotFound } from '../errors';
import { chooseLanguage } from '../i18n';
import { html } from '../ui/html';
import { requesterAftercareCard } from './aftercare-view';
import { isOpen, statusPage, type PageLanguage } from './view';
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';
import { expectedWaitFor } from '../intake/wait-service';
import { serviceHoursLine, serviceHoursNow, waitBesideHours } from '../intake/service-hours';
import { nobodyCanTakeLine } from './nobody-can-take';

export function requesterStatusRoutes(deps: { stores: Stores; dispatch: DispatchService }): Router {
  const { stores, dispatch } = deps;
  const router = Router();
  const link = allow(RULES.linkToken);

  async function byToken(token: string): Promise<HelpRequest> {
    await refuseExpiredLink(stores, 'status', token);
    const request = await stores.requests.getByStatusToken(token);
    if (!request) throw new NotFound('This status link is not valid.');
    return request;
  }

  async function pageLanguage(req: Request, request: HelpRequest): Promise<PageLanguage> {
    const { pageLanguages } = await stores.board.settings(request.workspaceId);
    const chosen = (req.body as Record<string, unknown> | undefined)?.lang ?? req.query.lang;
    return { lang: chooseLanguage(pageLanguages, chosen, req.get('accept-language')), languages: pageLanguages };
  }

  router.get('/r/:token', link, async (req, res) => {
    const request = await byToken(req.params.token);
    const language = await pageLanguage(req, request);
    const hours = await serviceHoursNow(stores, request.workspaceId);
    res
      .type('html')
      .set('Content-Language', language.lang)
      .send(
        statusPage(
          req.params.token,
          request,
          language,
          undefined,
          await requesterAftercareCard(stores, request),
          isOpen(request) ? waitBesideHours(await expectedWaitFor(stores, request), hours) : undefined,
          isOpen(request)
            ? html`${await nobodyCanTakeLine(stores, request, language.lang)}
              ${serviceHoursLine(hours, language.lang, 'kept')}`
            : '',
        ),
      );
  });

  router.post('/r/:token/cancel', link, async (req, res) => {
    const request = await byToken(req.params.token);
    const language = await pageLanguage(req, request);
    res.type('html').set('Content-Language', language.lang);
    if (!isOpen(request)) {
      res.status(409).send(statusPage(req.params.token, request, language, 'status.cannotWithdraw'));
      return;
    }
    const result = await dispatch.cancel(request, 'requester', null, 'withdrawn by the requester');
    if (result !== 'cancelled') {
      const fresh = (await stores.requests.getById(request.id)) ?? request;
      res.status(409).send(statusPage(req.params.token, fresh, language, 'status.cannotWithdraw'));
      return;
    }
    res.send(statusPage(req.params.token, { ...request, phase: 'cancelled' }, language, 'status.withdrawn'));
  });

  return router;
}
