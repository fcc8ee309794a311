// /forecast: the next 14 days of coverage for coordinators, phone first: the gaps that open first (with who
// could close each), then the ones thin all along, then the day-by-day counts in a table that scrolls sideways.
import type { TeamForecast, User } from '../../db';
import { combinationText, dayLabel, FORECAST_THIN_BELOW, type ForecastGap } from '../../domain/coverage-forecast';
import { closerText } from '../../notifications/catalogue/pool-words';
import { html, page, type SafeHtml } from '../ui/html';
import { countCell } from '../pool/coverage-view';

const counselors = (n: number) => (n === 1 ? '1 counselor' : `${n} counselors`);

function gapCard(g: ForecastGap, v: TeamForecast['vocabulary']): SafeHtml {
  const from = dayLabel(g.days[0]);
  const to = dayLabel(g.days[g.days.length - 1]);
  return html`<li
    class="card"
    data-language="${g.combination.language}"
    data-specialism="${g.combination.specialism}"
    data-lived="${g.combination.lived ?? ''}"
  >
    <strong>${combinationText(g.combination, v)}</strong>
    <p>
      Thin ${g.days.length === 1 ? html`on ${from}` : html`${g.days.length} days, ${from} to ${to}`}: as few as
      ${counselors(g.lowest)}.
    </p>
    ${
      g.closers.length
        ? html`<p class="hint">Who could close it:</p>
            <ul class="names closers">
              ${g.closers.map((c) => html`<li data-kind="${c.kind}"><a href="/pool/${c.counselorId}">${closerText(c.closer, 'en')}</a></li>`)}
            </ul>`
        : html`<p class="hint">Nobody in the pool fits this: invite or train someone.</p>`
    }
  </li>`;
}

export function forecastPage(v: { user: User; forecast: TeamForecast }): string {
  const f = v.forecast;
  const opening = f.gaps.filter((g) => g.opens);
  const thinNow = f.gaps.filter((g) => !g.opens);
  // The table keeps to "no lived-experience preference": one row per language x specialism fits a phone.
  const rows = f.rows.filter((r) => r.combination.lived === null);
  const body = html`<p><a href="/pool">← Pool</a> · <a href="/pool/coverage">Coverage now</a></p>
    <h1>Coverage forecast</h1>
    <p>
      How many counselors could take a request on each of the next 14 days (${dayLabel(f.days[0])} to
      ${dayLabel(f.days[f.days.length - 1])}, ${f.timeZone}), from away periods, certification expiries, capacity,
      pauses, training and who has gone quiet. Fewer than ${FORECAST_THIN_BELOW} on a day is a gap.
    </p>
    <h2>Gaps opening</h2>
    ${
      opening.length
        ? html`<ul class="shift-list" id="opening">
            ${opening.map((g) => gapCard(g, f.vocabulary))}
          </ul>`
        : html`<p class="muted" id="opening">No gap opens in the next 14 days.</p>`
    }
    <details id="thin-now">
      <summary>Thin already today: ${thinNow.length}</summary>
      <ul class="shift-list">
        ${thinNow.map((g) => gapCard(g, f.vocabulary))}
      </ul>
    </details>
    <h2>Day by day</h2>
    <div class="scroll">
      <table class="coverage" id="by-day">
        <caption>
          Counselors who could take a request, by language and specialism (no lived-experience preference)
        </caption>
        <thead>
          <tr>
            <th scope="col">Combination</th>
            ${f.days.map((d) => html`<th scope="col">${dayLabel(d)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${combinationText(r.combination, f.vocabulary)}</th>
                ${r.counts.map((n, i) => countCell(n, { day: f.days[i] }))}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page({ title: 'Coverage forecast', user: v.user, current: 'pool' }, body);
}
