// The status page of a request nobody in the team could ever take (the requester was told at once by message):
// the same plain words, and what they will hear next, while the request stays open.
import type { HelpRequest, Stores } from '../../db';
import { translator } from '../i18n';
import { html, type SafeHtml } from '../ui/html';

export async function nobodyCanTakeLine(stores: Stores, request: HelpRequest, lang: string): Promise<SafeHtml | ''> {
  const events = await stores.events.list(request.id);
  if (!events.some((e) => e.type === 'requester-told-nobody-can-take')) return '';
  return html`<p class="card notice" id="nobody-can-take" role="status">
    ${translator(lang)('status.nobodyCanTake')}
  </p>`;
}
