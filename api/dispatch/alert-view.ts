// The urgent-alert pages (api/dispatch/alert-routes.ts): what the alert link shows, the acknowledgement, and a
// counselor's escalation; in the reader's language (api/i18n), with what waits for the morning for this request.
import type { WaitingForMorning } from '../../db';
import type { HelpRequest } from '../../domain/types';
import { languageName, spelledCode } from '../../domain/vocabulary';
import { labelsFor } from '../../notifications/catalogue';
import type { Translate } from '../i18n';
import { html, page } from '../ui/html';
import { utc } from '../ui/form-parts';

export interface AlertPageView {
  t: Translate;
  lang: string;
  token: string;
  request: Pick<HelpRequest, 'id' | 'topic' | 'language'>;
  /** Staff messages for this request held by their quiet hours, and when each person's morning message goes. */
  waiting: WaitingForMorning[];
}

function waitingList(t: Translate, waiting: WaitingForMorning[]) {
  if (waiting.length === 0) return html`<p class="hint" id="waiting-for-morning">${t('alert.waiting.none')}</p>`;
  return html`<section class="card" id="waiting-for-morning" aria-labelledby="morning-title">
    <h2 id="morning-title">${t('alert.waiting.title')}</h2>
    <p class="hint">${t('alert.waiting.hint')}</p>
    <ul>
      ${waiting.map(
        (w) =>
          html`<li data-user="${w.userId}">
            ${t(w.alerts === 1 ? 'alert.waiting.one' : 'alert.waiting.many', { name: w.name, n: w.alerts })}
            <time datetime="${w.dueAt.toISOString()}">${utc(w.dueAt)}</time>
          </li>`,
      )}
    </ul>
  </section>`;
}

export function alertPage(v: AlertPageView): string {
  const { t } = v;
  const l = labelsFor(v.lang);
  return page(
    { title: t('alert.title'), lang: v.lang },
    html`<h1>${t('alert.heading')}</h1>
      <div class="card">
        <p>
          <strong>${(l.topics as Record<string, string>)[v.request.topic] ?? spelledCode(v.request.topic)}</strong> ·
          ${l.languages[v.request.language] ?? languageName(v.request.language)} · ${t('alert.urgent')}
        </p>
      </div>
      <form method="post" action="/a/${v.token}">
        <button type="submit" class="big">${t('alert.acknowledge')}</button>
      </form>
      ${waitingList(t, v.waiting)}
      <p><a href="/requests/${v.request.id}">${t('alert.open')}</a> ${t('alert.signIn')}</p>`,
  );
}

export function acknowledgedPage(v: { t: Translate; lang: string; requestId: string; first: boolean }): string {
  const { t } = v;
  return page(
    { title: t('alert.acknowledged.title'), lang: v.lang },
    html`<h1 data-result="acknowledged">${t(v.first ? 'alert.acknowledged.first' : 'alert.acknowledged.again')}</h1>
      <p>${t('alert.acknowledged.noRepeat')} <a href="/requests/${v.requestId}">${t('alert.open')}</a>.</p>`,
  );
}

export function escalatedPage(v: { t: Translate; lang: string }): string {
  const { t } = v;
  return page(
    { title: t('alert.escalated.title'), lang: v.lang },
    html`<h1 data-result="escalated">${t('alert.escalated.title')}</h1>
      <p>${t('alert.escalated.body')}</p>`,
  );
}
