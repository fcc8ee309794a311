// The requester's private status page, reached by the random token from the confirmation. The requester
// can cancel from it (a POST: link scanners only GET). In the workspace's languages (api/i18n).
import { Router, type Request } from 'express';
import type { HelpRequest, Stores } from '../../db';
import type { DispatchService } from '../dispatch/service';
import { NotFound } from '../errors';
import { chooseLanguage, translator } from '../i18n';
import { html, page, type SafeHtml } from '../ui/html';
import { requesterAftercareCard } from './aftercare-view';
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';
import { languageSwitch } from '../intake/view';

const isOpen = (r: HelpRequest) => r.phase === 'matching' || r.phase === 'offering';

interface PageLanguage {
  lang: string;
  languages: string[];
}

function statusPage(
  token: string,
  request: HelpRequest,
  language: PageLanguage,
  noteKey?: string,
  aftercare?: SafeHtml,
): string {
  const t = translator(language.lang);
  const self = (l: string) => `/r/${token}?lang=${encodeURIComponent(l)}`;
  return page(
    { title: t('status.title'), lang: language.lang },
    html`${languageSwitch(language.lang, language.languages, self)}
      <h1>${t('status.title')}</h1>
      ${noteKey ? html`<p class="card ok" role="status">${t(noteKey)}</p>` : ''}
      <div class="card">
        <p data-phase="${request.phase}">${t(`status.phase.${request.phase}`)}</p>
        <p class="muted">
          ${t('status.sent', { time: request.createdAt.toISOString().slice(0, 16).replace('T', ' ') })}
        </p>
      </div>
      ${aftercare ?? ''}
      ${
        isOpen(request)
          ? html`<form method="post" action="/r/${token}/cancel">
              <input type="hidden" name="lang" value="${language.lang}" />
              <p>${t('status.withdrawPrompt')}</p>
              <button type="submit" class="link">${t('status.withdraw')}</button>
            </form>`
          : ''
      }
      <p class="hint">${t('status.emergencyHint')}</p>`,
  );
}

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
    res
      .type('html')
      .set('Content-Language', language.lang)
      .send(statusPage(req.params.token, request, language, undefined, await requesterAftercareCard(stores, request)));
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
