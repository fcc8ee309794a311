// Charts as server-rendered SVG. Chosen over uPlot (installed, and fine for big time series) because these
// are a dozen points each: SVG needs no script, so the charts show without JavaScript, under the strict CSP
// (colours come from classes in app.css, never inline styles), in screenshots and print, and stay small on
// a slow phone. Each chart is an image with a text alternative; the table beside it carries the numbers.
import { html, type SafeHtml } from '../ui/html';

export interface Series {
  name: string;
  /** One value per label; null leaves a gap. */
  values: (number | null)[];
}

export interface ChartInput {
  id: string;
  /** The text alternative: what the chart shows, in a sentence. */
  summary: string;
  labels: string[];
  series: Series[];
  /** How a value reads on the axis and in tooltips. */
  format: (v: number) => string;
  /** Whole numbers (counts): the axis ticks stay whole too. */
  integer?: boolean;
  /** A horizontal reference line (e.g. the time-to-help target). */
  reference?: { value: number; label: string };
}

const W = 640;
const H = 260;
const PAD = { left: 56, right: 12, top: 14, bottom: 44 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

/** A round axis maximum at or above the largest value that splits into four round steps. */
export function niceMax(max: number, integer = false): number {
  if (!(max > 0)) return integer ? 4 : 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const top = [1, 2, 4, 6, 8, 10].map((m) => m * power).find((v) => v >= max * (1 - 1e-9)) ?? 10 * power;
  // Counts get whole-number ticks: four steps of at least one.
  return integer ? 4 * Math.ceil(top / 4) : top;
}

function frame(c: ChartInput, top: number, body: SafeHtml): SafeHtml {
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const every = Math.max(1, Math.ceil(c.labels.length / 8));
  const step = plotW / Math.max(1, c.labels.length);
  return html`<svg
    class="chart"
    viewBox="0 0 ${W} ${H}"
    role="img"
    aria-labelledby="${c.id}-title"
    preserveAspectRatio="xMidYMid meet"
  >
    <title id="${c.id}-title">${c.summary}</title>
    ${ticks.map(
      (v) =>
        html`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" />
          <text class="tick" x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${c.format(v)}</text>`,
    )}
    ${c.labels.map((l, i) =>
      i % every === 0
        ? html`<text class="tick" x="${PAD.left + step * (i + 0.5)}" y="${H - PAD.bottom + 18}" text-anchor="middle">
            ${l}
          </text>`
        : '',
    )}
    ${body}
    ${
      c.reference && c.reference.value <= top
        ? html`<line
              class="reference"
              x1="${PAD.left}"
              x2="${W - PAD.right}"
              y1="${y(c.reference.value)}"
              y2="${y(c.reference.value)}"
            />
            <text class="tick reference-label" x="${W - PAD.right}" y="${y(c.reference.value) - 5}" text-anchor="end">
              ${c.reference.label}
            </text>`
        : ''
    }
  </svg>`;
}

function legend(series: Series[], kind: 'line' | 'bar'): SafeHtml {
  return html`<ul class="legend" aria-hidden="true">
    ${series.map((s, i) => html`<li><span class="key ${kind} series-${i}"></span>${s.name}</li>`)}
  </ul>`;
}

/** Lines with points, one per series, over the labels (weeks). */
export function lineChart(c: ChartInput): SafeHtml {
  const values = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceMax(Math.max(0, ...values, c.reference?.value ?? 0), c.integer);
  const step = plotW / Math.max(1, c.labels.length);
  const x = (i: number) => PAD.left + step * (i + 0.5);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const body = html`${c.series.map((s, si) => {
    // A null splits the line: a week with no data is a gap, not a zero.
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else runs[runs.length - 1].push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    return html`<g class="series-${si}">
      ${runs.filter((r) => r.length > 1).map((r) => html`<polyline class="line" points="${r.join(' ')}" />`)}
      ${s.values.map((v, i) =>
        v === null
          ? ''
          : html`<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5">
              <title>${s.name}, ${c.labels[i]}: ${c.format(v)}</title>
            </circle>`,
      )}
    </g>`;
  })}`;
  return html`${frame(c, top, body)}${legend(c.series, 'line')}`;
}

/** Grouped bars: for each label one bar per series. */
export function barChart(c: ChartInput): SafeHtml {
  const values = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceMax(Math.max(0, ...values), c.integer);
  const step = plotW / Math.max(1, c.labels.length);
  const groupW = step * 0.75;
  const barW = groupW / Math.max(1, c.series.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const body = html`${c.series.map(
    (s, si) =>
      html`<g class="series-${si}">
        ${s.values.map((v, i) =>
          v === null
            ? ''
            : html`<rect
                class="bar"
                x="${(PAD.left + step * i + (step - groupW) / 2 + si * barW).toFixed(1)}"
                y="${y(v).toFixed(1)}"
                width="${Math.max(1, barW - 2).toFixed(1)}"
                height="${(PAD.top + plotH - y(v)).toFixed(1)}"
              >
                <title>${s.name}, ${c.labels[i]}: ${c.format(v)}</title>
              </rect>`,
        )}
      </g>`,
  )}`;
  return html`${frame(c, top, body)}${legend(c.series, 'bar')}`;
}
