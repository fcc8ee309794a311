// A counselor's home, made for a phone held in one hand: open offers first, each with one big Accept
// button, then the requests they have taken, then where to set availability and read messages.
import type { User } from '../../db';
import type { OfferSummary, TakenRequest } from '../../db/stores/counselor-home-store';
import { languageName, LIVED_EXPERIENCE_LABELS, topicLabel } from '../../domain/vocabulary';
import { csrfField, utc } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';
import { navItemsFor } from '../ui/nav';

const TAKEN_PHASE: Record<string, string> = {
  assigned: 'yours: get in touch with them',
  cancelled: 'cancelled',
  unmatched: 'closed',
};

/** Pages a counselor reaches from home besides the offers (built on other branches; listed in NAV_ITEMS). */
const HOME_LINKS: Record<string, string> = {
  availability: 'Your availability and away periods',
  messages: 'Messages from your coordinators',
  tasks: 'Your debriefs and check-ins',
};

function offerCard(o: OfferSummary, csrfToken: string) {
  const lived = o.livedExperience.map((t) => LIVED_EXPERIENCE_LABELS[t] ?? t).join(', ');
  return html`<li class="card offer${o.urgent ? ' urgent-offer' : ''}" id="offer-${o.offerId}">
    <p>
      <strong>${topicLabel(o.topic)}</strong> ·
      ${languageName(o.language)}${o.urgent ? html` · <strong class="error">urgent</strong>` : ''}
    </p>
    ${lived ? html`<p class="muted">Lived experience asked for: ${lived}</p>` : ''}
    <p class="muted">Offered ${utc(o.offeredAt)}</p>
    <form method="post" action="/me/offers/${o.offerId}/accept">
      ${csrfField(csrfToken)}
      <button type="submit" class="big">Accept</button>
    </form>
    <form method="post" action="/me/offers/${o.offerId}/decline">
      ${csrfField(csrfToken)}
      <button type="submit" class="link">I can't take this one</button>
    </form>
  </li>`;
}

export function counselorHomePage(v: {
  user: User;
  offers: OfferSummary[];
  taken: TakenRequest[];
  csrfToken: string;
  notice?: string;
  /** Paused offers and the sessions being planned (api/counselor-home/aftercare-view.ts). */
  aftercare?: SafeHtml | '';
}): string {
  const links = navItemsFor(v.user.roles).filter((i) => i.key in HOME_LINKS);
  return page(
    { title: 'My offers', user: v.user, current: 'home' },
    html`<h1>My open offers</h1>
      ${v.notice ? html`<p class="card ok" role="status">${v.notice}</p>` : ''} ${v.aftercare ?? ''}
      ${
        v.offers.length
          ? html`<ul class="offers">
              ${v.offers.map((o) => offerCard(o, v.csrfToken))}
            </ul>`
          : html`<p class="muted">No open offers right now. Thank you for being available.</p>`
      }
      <h2>Requests I have taken</h2>
      ${
        v.taken.length
          ? html`<ul class="taken">
                ${v.taken.map(
                  (t) =>
                    html`<li class="card" data-phase="${t.phase}">
                      <strong>${topicLabel(t.topic)}</strong> · ${languageName(t.language)} <br /><span class="muted"
                        >Taken ${utc(t.takenAt)}: ${TAKEN_PHASE[t.phase] ?? t.phase}</span
                      >
                    </li>`,
                )}
              </ul>
              <p class="hint">How to reach each requester is in the confirmation message we sent you.</p>`
          : html`<p class="muted">None yet.</p>`
      }
      ${
        links.length
          ? html`<h2>Also</h2>
              <ul class="link-list">
                ${links.map((l) => html`<li><a href="${l.href}">${HOME_LINKS[l.key]}</a></li>`)}
              </ul>`
          : ''
      }`,
  );
}
