// "Who matches, and why not": every counselor of the workspace against one request, from the same rule
// columns the match filters on (db/stores/matching-store.ts), so the page cannot disagree with dispatch.
import type { MatchExplanation } from '../../db';
import { html, type SafeHtml } from '../ui/html';

export function matchExplanationSection(rows: MatchExplanation[] | undefined): SafeHtml | '' {
  if (!rows) return '';
  const offered = rows.filter((r) => r.offered).length;
  return html`<section id="why">
    <h2>Who matches now, and why not</h2>
    <p class="hint">
      ${offered} of ${rows.length} counselors match this request as it stands now (live, available, under capacity and
      fitting every dimension it asks for).
    </p>
    ${
      rows.length
        ? html`<ul class="names why">
            ${rows.map(
              (r) =>
                html`<li data-counselor="${r.userId}" data-offered="${r.offered ? 'yes' : 'no'}">
                  <strong>${r.name}</strong>:
                  ${r.offered ? 'yes' : html`no (${r.reasons.join('; ')})`}${
                    r.notes.length ? html` <span class="muted">${r.notes.join('; ')}</span>` : ''
                  }
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">This team has no counselors yet.</p>`
    }
  </section>`;
}
