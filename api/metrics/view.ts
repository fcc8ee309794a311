// The metrics page: each chart (server-rendered SVG), its numbers as a table, and a CSV link.
import type { User } from '../../db';
import type { ChartReport, HeatMapReport, KindsReport, MetricsReport, SpreadChangeReport } from './report';
import { barChart, lineChart } from './charts';
import { html, page } from '../ui/html';

const PERIODS = [4, 12, 26, 52];

function chartSection(c: ChartReport, weeks: number) {
  // A week with a median of 0.00 h is data (accepted within seconds); a bar chart of zeros is not.
  const nothing = (v: number | null) => v === null || (c.kind === 'bar' && v === 0);
  const empty = c.table.rows.length === 0 || c.chart.series.every((s) => s.values.every(nothing));
  return html`<section class="card metric" id="chart-${c.id}" aria-labelledby="${c.id}-heading">
    <h2 id="${c.id}-heading">${c.title}</h2>
    <p class="muted">${c.note}</p>
    ${empty ? html`<p class="muted">Nothing to show for this period yet.</p>` : c.kind === 'line' ? lineChart(c.chart) : barChart(c.chart)}
    ${numbersTable('The numbers as a table', c.table)}
    <p><a href="/metrics.csv?chart=${c.id}&amp;weeks=${weeks}" download>Download CSV</a></p>
  </section>`;
}

/** A short duration for a heat map cell: "40m", "3h", "2d". */
function short(ms: number): string {
  const m = ms / 60_000;
  if (m < 1) return '<1m';
  if (m < 60) return `${Math.round(m)}m`;
  if (m < 48 * 60) return `${Math.round(m / 60)}h`;
  return `${Math.round(m / 1440)}d`;
}

const LEVEL_WORDS = ['well within target', 'within target', 'up to twice the target', 'beyond twice the target'];

function heatMapSection(h: HeatMapReport, weeks: number) {
  const any = h.rows.some((r) => r.cells.some((c) => c.requests > 0));
  return html`<section class="card metric" id="chart-${h.id}" aria-labelledby="${h.id}-heading">
    <h2 id="${h.id}-heading">${h.title}</h2>
    <p class="muted">${h.note}</p>
    ${
      any
        ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${h.title}, scrolls sideways">
              <table class="heatmap">
                <caption>
                  Median per hour, with the number of requests in brackets; empty: no request sent then.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    ${Array.from({ length: 24 }, (_, i) => html`<th scope="col">${String(i).padStart(2, '0')}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${h.rows.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${r.weekday.slice(0, 3)}</th>
                        ${r.cells.map((c) =>
                          c.requests === 0
                            ? html`<td class="heat-empty"></td>`
                            : html`<td
                                class="heat-${c.level === null ? 'none' : c.level}"
                                title="${c.level === null ? 'none taken' : LEVEL_WORDS[c.level]}"
                              >
                                ${c.medianMs === null ? '–' : short(c.medianMs)}<span class="n">(${c.requests})</span>
                              </td>`,
                        )}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <ul class="legend heat-legend">
              ${LEVEL_WORDS.map((w, i) => html`<li><span class="key heat-${i}"></span>${w}</li>`)}
              <li><span class="key heat-none"></span>none taken</li>
            </ul>`
        : html`<p class="muted">Nothing to show for this period yet.</p>`
    }
    <p><a href="/metrics.csv?chart=${h.id}&amp;weeks=${weeks}" download>Download CSV</a></p>
  </section>`;
}

function kindsSection(k: KindsReport, weeks: number) {
  return html`<section class="card metric" id="chart-${k.id}" aria-labelledby="${k.id}-heading">
    <h2 id="${k.id}-heading">${k.title}</h2>
    <p class="muted">${k.note}</p>
    ${
      k.slowest.length
        ? html`<p><strong>Slowest:</strong></p>
            <ol id="slowest-kinds">
              ${k.slowest.map((s) => html`<li>${s}</li>`)}
            </ol>`
        : html`<p class="muted" id="slowest-kinds">No combination has enough requests yet to name the slowest.</p>`
    }
    ${numbersTable('Every combination as a table', k.table)}
    <p><a href="/metrics.csv?chart=${k.id}&amp;weeks=${weeks}" download>Download CSV</a></p>
  </section>`;
}

function spreadChangeSection(s: SpreadChangeReport, weeks: number) {
  const c = s.comparison;
  return html`<section class="card metric" id="chart-${s.id}" aria-labelledby="${s.id}-heading">
    <h2 id="${s.id}-heading">${s.title}</h2>
    <p class="muted">${s.note}</p>
    ${
      c
        ? html`<div class="table-wrap">
              <table id="spread-change-figures">
                <caption>
                  How evenly the accepts fell on counselors
                </caption>
                <thead>
                  <tr>
                    ${s.figures.header.map((h) => html`<th scope="col">${h}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${s.figures.rows.map(
                    ([name, ...values]) =>
                      html`<tr>
                        <th scope="row">${name}</th>
                        ${values.map((v) => html`<td>${v === null ? '–' : v}</td>`)}
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <p>
              <a href="/metrics.csv?chart=spread-change&amp;weeks=${weeks}" download>Download the figures as CSV</a>
            </p>
            ${numbersTable('Each counselor before and after', s.table)}
            <p>
              <a href="/metrics.csv?chart=spread-change-counselors&amp;weeks=${weeks}" download
                >Download each counselor as CSV</a
              >
            </p>`
        : ''
    }
  </section>`;
}

/** A chart's numbers as a table, folded under its summary: the reading of a chart without seeing it. */
function numbersTable(summary: string, table: { header: string[]; rows: (string | number | null)[][] }) {
  return html`<details>
    <summary>${summary}</summary>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            ${table.header.map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${table.rows.map(
            (r) =>
              html`<tr>
                ${r.map((v) => html`<td>${v === null ? '–' : v}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}

export function metricsPage(v: { user: User; report: MetricsReport }): string {
  const { report } = v;
  return page(
    { title: 'Metrics', user: v.user, current: 'metrics', wide: true },
    html`<h1>Metrics</h1>
      <p>
        Time to help, offers and how the work is shared, for the last ${report.weeks} weeks (weeks start on Monday,
        00:00 your team's time, ${report.timeZone}).
      </p>
      <nav aria-label="Period" class="periods">
        ${PERIODS.map(
          (w) =>
            html`<a href="/metrics?weeks=${w}" ${w === report.weeks ? html`aria-current="page"` : ''}>${w} weeks</a> `,
        )}
      </nav>
      <p><a href="/metrics/what-if">Policy what-if: what a different dispatch policy would have changed</a></p>
      <div class="metrics-grid">${report.charts.map((c) => chartSection(c, report.weeks))}</div>
      ${report.heatMaps.map((h) => heatMapSection(h, report.weeks))} ${kindsSection(report.kinds, report.weeks)}
      ${spreadChangeSection(report.spreadChange, report.weeks)}`,
  );
}
