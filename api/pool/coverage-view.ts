// /pool/coverage: two matrices (language x specialism, language x lived experience) of counselors who could
// take a request now; thin combinations (fewer than 2) are marked, in words as well as colour.
import type { User } from '../../db';
import { languageName } from '../../domain/vocabulary';
import { THIN_BELOW, type CoverageMatrix } from './coverage';
import { html, page, type SafeHtml } from '../ui/html';

/**
 * One count of a coverage table, its `data-*` attributes naming what it counts; a thin count is marked in words as
 * well as colour. Today's coverage and the forecast's days use it alike.
 */
export function countCell(n: number, data: Record<string, string>): SafeHtml {
  const thin = n < THIN_BELOW;
  const attrs = Object.entries(data).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<td${attrs} data-count="${n}" class="${thin ? 'thin' : ''}">
    ${n}${thin ? html`<span class="visually-hidden"> (thin)</span>` : ''}
  </td>`;
}

function matrix(id: string, caption: string, m: CoverageMatrix, labels: Record<string, string>): SafeHtml {
  return html`<div class="scroll">
    <table class="coverage" id="${id}">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Language</th>
          ${m.columns.map((c) => html`<th scope="col">${labels[c] ?? c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${m.rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${languageName(r)}</th>
              ${m.columns.map((c) => countCell(m.counts[r][c], { row: r, column: c }))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function coveragePage(v: {
  user: User;
  specialisms: CoverageMatrix;
  lived: CoverageMatrix;
  labels: { specialisms: Record<string, string>; livedExperience: Record<string, string> };
  available: number;
  total: number;
}): string {
  const body = html`<p><a href="/pool">← Pool</a></p>
    <h1>Coverage</h1>
    <p>
      How many counselors could take a request now (live, not away, not paused, under capacity): ${v.available} of
      ${v.total}. Combinations with fewer than ${THIN_BELOW} are marked thin.
    </p>
    ${matrix('by-specialism', 'Language x specialism', v.specialisms, v.labels.specialisms)}
    ${matrix('by-lived', 'Language x lived experience', v.lived, v.labels.livedExperience)}`;
  return page({ title: 'Coverage', user: v.user }, body);
}
