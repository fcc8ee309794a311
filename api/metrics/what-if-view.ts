// The what-if page: the period and the changed policy on one GET form, and the predicted time to first accept
// beside what happened, with the model said plainly (it is an estimate) and its own check on this history.
import type { User } from '../../db';
import { WHAT_IF_METHOD, type WhatIfResult, type WhatIfSummary } from '../../domain/what-if';
import { errorSummary, fieldError, formatMs, invalidAttrs } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { MAX_WAVES, WIDENING_ORDERS, type WhatIfFormValues } from './what-if-form';

const CHANNELS: [string, string][] = [
  ['sms', 'SMS'],
  ['email', 'Email'],
  ['alert', 'Alert coordinators'],
  ['none', 'None (drop this wave)'],
];
const duration = (ms: number | null) => (ms === null ? '–' : ms === 0 ? '0 s' : formatMs(ms));
const pct = (share: number) => `${Math.round(share * 100)}%`;

function summaryRows(actual: WhatIfSummary, predicted: WhatIfSummary, withinHours: string) {
  const rows: [string, string, string][] = [
    ['Requests counted', String(actual.counted), String(predicted.counted)],
    ['Taken', String(actual.taken), String(predicted.taken)],
    ['Median time to first accept', duration(actual.p50Ms), duration(predicted.p50Ms)],
    ['90th percentile', duration(actual.p90Ms), duration(predicted.p90Ms)],
    [`Taken within ${withinHours} h`, pct(actual.withinShare), pct(predicted.withinShare)],
  ];
  return rows.map(
    ([label, a, p]) =>
      html`<tr>
        <th scope="row">${label}</th>
        <td>${a}</td>
        <td>${p}</td>
      </tr>`,
  );
}

export function whatIfPage(v: {
  user: User;
  values: WhatIfFormValues;
  errors?: Record<string, string>;
  result?: WhatIfResult;
  /** The workspace's zone: the period's days are the team's. */
  timeZone: string;
}): string {
  const { values, result } = v;
  const errors = v.errors ?? {};
  const waveRows = Array.from({ length: Math.min(MAX_WAVES, Math.max(values.channels.length + 1, 3)) }, (_, i) => i);
  return page(
    { title: 'Policy what-if', user: v.user, current: 'metrics', wide: true },
    html`<h1>Policy what-if</h1>
      <p>
        What would a different dispatch policy have changed? Pick a past period and change the policy: the page replays
        the requests of that period on your team's own offers and answers and shows the predicted time to first accept
        beside what happened.
      </p>
      <p class="card" role="note" id="estimate-note">
        <strong>This is an estimate, not a promise.</strong> It moves the answers your counselors actually gave; it
        cannot know what anyone would have done otherwise.
      </p>
      ${errorSummary('Please check the form', Object.values(errors))}
      <form method="get" action="/metrics/what-if" class="card what-if">
        <fieldset>
          <legend>Period (your team's days, ${v.timeZone})</legend>
          <label for="from">First day</label>
          <input id="from" name="from" type="date" value="${values.from}" ${invalidAttrs(errors, 'from')} />
          ${fieldError(errors, 'from')}
          <label for="to">Last day</label>
          <input id="to" name="to" type="date" value="${values.to}" ${invalidAttrs(errors, 'to')} />
          ${fieldError(errors, 'to')}
        </fieldset>
        <fieldset>
          <legend>Waves</legend>
          ${waveRows.map(
            (i) =>
              html`<div class="wave-row">
                <label for="channel-${i}">Wave ${i + 1}</label>
                <select id="channel-${i}" name="channel" ${invalidAttrs(errors, `wave${i}`)}>
                  ${CHANNELS.map(
                    ([value, label]) =>
                      html`<option value="${value}" ${(values.channels[i] ?? 'none') === value ? 'selected' : ''}>
                        ${label}
                      </option>`,
                  )}
                </select>
                <label for="wait-${i}">Wait after wave ${i + 1}</label>
                <input id="wait-${i}" name="wait" value="${values.waits[i] ?? ''}" inputmode="text" />
                ${fieldError(errors, `wave${i}`)}
              </div>`,
          )}
          <label for="holdOpen">Then open for manual assignment for</label>
          <input id="holdOpen" name="holdOpen" value="${values.holdOpen}" ${invalidAttrs(errors, 'holdOpen')} />
          ${fieldError(errors, 'holdOpen')}
          <p class="muted">Durations like 20m, 1h, 24h. Urgent requests keep their shorter waits.</p>
        </fieldset>
        <fieldset>
          <legend>Spread the work</legend>
          <label for="headStart">Head start for counselors below their usual load</label>
          <input id="headStart" name="headStart" value="${values.headStart}" ${invalidAttrs(errors, 'headStart')} />
          ${fieldError(errors, 'headStart')}
          <label class="check"
            ><input type="checkbox" name="holdBack" value="on" ${values.holdBack ? 'checked' : ''} /> Hold
            overcommitting counselors to the next wave</label
          >
        </fieldset>
        <fieldset>
          <legend>Widening when nobody matches</legend>
          <label for="widening">Order</label>
          <select id="widening" name="widening">
            ${Object.entries(WIDENING_ORDERS).map(
              ([key, o]) =>
                html`<option value="${key}" ${values.widening === key ? 'selected' : ''}>${o.label}</option>`,
            )}
          </select>
          ${fieldError(errors, 'widening')}
          <label class="check"
            ><input type="checkbox" name="links" value="on" ${values.links ? 'checked' : ''} /> Offer SMS carry the
            accept link</label
          >
        </fieldset>
        <label for="within">Count requests taken within (hours)</label>
        <input
          id="within"
          name="within"
          value="${values.within}"
          inputmode="decimal"
          ${invalidAttrs(errors, 'within')}
        />
        ${fieldError(errors, 'within')}
        <p><button type="submit">Replay the period</button></p>
      </form>
      ${result ? resultSection(result, values.within) : ''}
      <section class="card" aria-labelledby="method-heading">
        <h2 id="method-heading">How the estimate is made</h2>
        <ul>
          ${WHAT_IF_METHOD.map((m) => html`<li>${m}</li>`)}
        </ul>
      </section>
      <p><a href="/metrics">Back to metrics</a></p>`,
  );
}

function resultSection(r: WhatIfResult, within: string) {
  const changed = r.perRequest.filter((p) => p.predictable && p.predictedMs !== p.actualMs);
  return html`<section class="card" aria-labelledby="result-heading" id="what-if-result">
    <h2 id="result-heading">Predicted beside what happened</h2>
    ${
      r.actual.requests === 0
        ? html`<p>No requests were sent in this period.</p>`
        : html`<div class="table-wrap">
              <table id="what-if-summary">
                <thead>
                  <tr>
                    <th scope="col"></th>
                    <th scope="col">What happened</th>
                    <th scope="col">Estimate with the changed policy</th>
                  </tr>
                </thead>
                <tbody>
                  ${summaryRows(r.actual, r.predicted, within)}
                </tbody>
              </table>
            </div>
            <p>
              ${r.actual.requests} requests in the period; the changed policy moves the time to first accept of
              ${changed.length}.
              ${
                r.predicted.unpredictable
                  ? html`${r.predicted.unpredictable} could not be predicted (a changed widening order) and are left out
                    of both columns.`
                  : ''
              }
            </p>
            <p id="self-check">
              Self-check: replayed under the policy each request actually ran with, the model gives back what happened
              within ${duration(r.selfCheck.maxErrorMs)} at most (mean
              ${duration(r.selfCheck.meanErrorMs)})${
                r.selfCheck.mismatchedTaken
                  ? html`; for ${r.selfCheck.mismatchedTaken} request(s) it disagrees on whether it was taken at all`
                  : ''
              }.
            </p>`
    }
  </section>`;
}
