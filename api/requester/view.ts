// The requester's status page: the phase, the expected wait, the after-care card, and the withdraw form.
import type { HelpRequest } from '../../db';
import type { ExpectedWait } from '../../domain/expected-wait';
import { translator } from '../i18n';
import { languageSwitch, waitLine } from '../intake/view';
import { html, page, type SafeHtml } from '../ui/html';

export const isOpen = (r: HelpRequest) => r.phase === 'matching' || r.phase === 'offering';

export interface PageLanguage {
  lang: string;
  languages: string[];
}

export function statusPage(
  token: string,
  request: HelpRequest,
  language: PageLanguage,
  noteKey?: string,
  aftercare?: SafeHtml,
  wait?: ExpectedWait,
  /** What the status needs to add while the request is open (service hours, nobody at all). */
  notices: SafeHtml | '' = '',
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
      ${notices} ${waitLine(wait, t)} ${aftercare ?? ''}
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
