// The metrics page: each chart (server-rendered SVG), its numbers as a table, and a CSV link.
import type { User } from '../../db';
import type { ChartReport, MetricsReport } from './report';
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
    <details>
      <summary>The numbers as a table</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              ${c.table.header.map((h) => html`<th scope="col">${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${c.table.rows.map(
              (r) =>
                html`<tr>
                  ${r.map((v) => html`<td>${v === null ? '–' : v}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
    <p><a href="/metrics.csv?chart=${c.id}&amp;weeks=${weeks}" download>Download CSV</a></p>
  </section>`;
}

export function metricsPage(v: { user: User; report: MetricsReport }): string {
  const { report } = v;
  return page(
    { title: 'Metrics', user: v.user, current: 'metrics', wide: true },
    html`<h1>Metrics</h1>
      <p>
        Time to help, offers and how the work is shared, for the last ${report.weeks} weeks (weeks start on Monday,
        UTC).
      </p>
      <nav aria-label="Period" class="periods">
        ${PERIODS.map(
          (w) =>
            html`<a href="/metrics?weeks=${w}" ${w === report.weeks ? html`aria-current="page"` : ''}>${w} weeks</a> `,
        )}
      </nav>
      <div class="metrics-grid">${report.charts.map((c) => chartSection(c, report.weeks))}</div>`,
  );
}
