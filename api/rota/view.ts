// The on-call rota pages: the coordinator's settings (rotation, overrides, the weeks ahead, the gap warning) and a
// lead's own on-call shifts. Times are shown in the rota's time zone.
import { hasRole } from '../../domain/roles';
import type { OnCallOverride, UpcomingShift, User } from '../../db';
import { localDateTime, WEEKDAY_NAMES, type Gap, type OnCallSource } from '../../domain/rota';
import {
  MAX_NOTE_LENGTH,
  MAX_ROTATION_ROWS,
  NOBODY,
  type FieldErrors,
  type OverrideFormValues,
  type RotaFormValues,
} from './form';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon 30 Mar 2026, 09:00" in the zone. */
export function formatLocal(at: Date, timeZone: string): string {
  const l = localDateTime(at, timeZone);
  const [y, m, d] = l.date.split('-').map(Number);
  return `${WEEKDAY_NAMES[l.weekday - 1].slice(0, 3)} ${d} ${MONTHS[m - 1]} ${y}, ${l.time}`;
}

const timeEl = (at: Date, timeZone: string): SafeHtml =>
  html`<time datetime="${at.toISOString()}">${formatLocal(at, timeZone)}</time>`;

/** The warning shown ahead of a gap in the rota (settings page, lead page, coordinator home). */
export function gapWarning(gaps: Gap[], timeZone: string, opts: { days: number; link?: boolean }): SafeHtml | '' {
  if (gaps.length === 0) return '';
  return html`<div class="card warning" role="alert" id="rota-gaps">
    <p><strong>Warning: gaps in the on-call rota in the next ${opts.days} days</strong></p>
    <ul>
      ${gaps.map(
        (g) =>
          html`<li>
            Nobody is on call from ${timeEl(g.startsAt, timeZone)} to ${timeEl(g.endsAt, timeZone)}: alerts will go to
            the coordinators.
          </li>`,
      )}
    </ul>
    <p class="hint">Times in ${timeZone}.${opts.link ? html` <a href="/settings/rota">Fix the rota</a>` : ''}</p>
  </div>`;
}

const SOURCE_TEXT: Record<OnCallSource, string> = {
  rotation: 'rotation',
  override: 'override',
  none: 'no rota',
};

function whyText(s: UpcomingShift, names: Map<string, string>): string {
  if (s.unavailableLeadId) {
    const who = names.get(s.unavailableLeadId) ?? 'someone';
    return `${SOURCE_TEXT[s.source]}: ${who} is no longer a lead`;
  }
  if (s.source === 'override' && s.note) return `override: ${s.note}`;
  if (s.source === 'none') return 'no rotation at this time';
  return SOURCE_TEXT[s.source];
}

const whoText = (s: UpcomingShift): string => s.lead?.name ?? 'Nobody (alerts go to the coordinators)';

export function onCallNowLine(now: { lead: User | null; source: OnCallSource }): SafeHtml {
  return now.lead
    ? html`<p id="on-call-now">On call now: <strong>${now.lead.name}</strong> (${SOURCE_TEXT[now.source]})</p>`
    : html`<p id="on-call-now" class="error">Nobody is on call now: alerts go to the coordinators.</p>`;
}

export function rotaSettingsPage(opts: {
  user: User;
  csrfToken: string;
  timeZone: string;
  leads: User[];
  values: RotaFormValues;
  errors: FieldErrors;
  overrideValues: OverrideFormValues;
  overrideErrors: FieldErrors;
  overrides: OnCallOverride[];
  shifts: UpcomingShift[];
  shiftWeeks: number;
  gaps: Gap[];
  gapDays: number;
  now: { lead: User | null; source: OnCallSource };
  names: Map<string, string>;
  saved?: string;
}): string {
  const { values, errors, overrideValues: ov, overrideErrors: oe, timeZone } = opts;
  const leadName = new Map(opts.leads.map((l) => [l.id, l.name]));
  const rows = Math.min(MAX_ROTATION_ROWS, Math.max(values.leads.length + 1, opts.leads.length, 2));
  const leadOptions = (selected: string) =>
    html`${opts.leads.map(
      (l) => html`<option value="${l.id}" ${selected === l.id ? html` selected` : ''}>${l.name}</option>`,
    )}${
      selected && selected !== NOBODY && !leadName.has(selected)
        ? html`<option value="${selected}" selected>${opts.names.get(selected) ?? 'Unknown'} (not a lead)</option>`
        : ''
    }`;
  const savedText: Record<string, string> = {
    rota: 'Rotation saved.',
    override: 'Override added.',
    removed: 'Override removed.',
  };

  return page(
    { title: 'On-call rota', user: opts.user, current: 'settings' },
    html`<p><a href="/">← Requests</a></p>
      <h1>On-call rota</h1>
      <p><a href="/on-call/swaps" id="swaps-link">Shift swaps: leads' offered and taken shifts</a></p>
      ${opts.saved && savedText[opts.saved] ? notice(savedText[opts.saved]) : ''} ${onCallNowLine(opts.now)}
      ${gapWarning(opts.gaps, timeZone, { days: opts.gapDays })}

      <h2>Weekly rotation</h2>
      ${errorSummary('The rotation was not saved. Please check:', Object.values(errors))}
      <form method="post" action="/settings/rota" novalidate>
        ${csrfField(opts.csrfToken)}
        <label for="timeZone">Time zone <span class="hint">(like Europe/Tallinn)</span></label>
        <input
          type="text"
          id="timeZone"
          name="timeZone"
          value="${values.timeZone}"
          list="time-zones"
          autocomplete="off"
          spellcheck="false"
          ${invalidAttrs(errors, 'timeZone')}
        />
        <datalist id="time-zones">
          ${Intl.supportedValuesOf('timeZone').map((z) => html`<option value="${z}"></option>`)}
        </datalist>
        ${fieldError(errors, 'timeZone')}
        <label for="handoverWeekday">Handover day</label>
        <select id="handoverWeekday" name="handoverWeekday" ${invalidAttrs(errors, 'handoverWeekday')}>
          ${WEEKDAY_NAMES.map(
            (name, i) =>
              html`<option value="${i + 1}" ${values.handoverWeekday === String(i + 1) ? html` selected` : ''}>
                ${name}
              </option>`,
          )}
        </select>
        ${fieldError(errors, 'handoverWeekday')}
        <label for="handoverTime">Handover time <span class="hint">(24-hour, local time in the zone)</span></label>
        <input
          type="time"
          id="handoverTime"
          name="handoverTime"
          value="${values.handoverTime}"
          ${invalidAttrs(errors, 'handoverTime')}
        />
        ${fieldError(errors, 'handoverTime')}
        <label for="startsOn"
          >Rotation starts on
          <span class="hint">(the first lead takes over at the first handover on or after it)</span></label
        >
        <input
          type="date"
          id="startsOn"
          name="startsOn"
          value="${values.startsOn}"
          ${invalidAttrs(errors, 'startsOn')}
        />
        ${fieldError(errors, 'startsOn')}
        <fieldset>
          <legend>Leads, in order (one week each, then back to the first)</legend>
          ${
            opts.leads.length === 0 ? html`<p class="error">This team has no leads yet: nobody can be on call.</p>` : ''
          }
          ${Array.from({ length: rows }, (_, i) => {
            const selected = values.leads[i] ?? '';
            return html`<label for="lead-${i}">Week ${i + 1}</label>
              <select id="lead-${i}" name="lead-${i}" ${invalidAttrs(errors, `lead-${i}`)}>
                <option value="">(none)</option>
                ${leadOptions(selected)}
              </select>
              ${fieldError(errors, `lead-${i}`)}`;
          })}
          <p class="hint">Leave a row on “(none)” to leave it out. Save to get another empty row.</p>
        </fieldset>
        <p class="buttons"><button type="submit">Save rotation</button></p>
      </form>

      <h2>Overrides</h2>
      <p class="hint">For holidays and swaps: an override wins over the rotation for its time. Times in ${timeZone}.</p>
      ${
        opts.overrides.length === 0
          ? html`<p class="muted">No current or future overrides.</p>`
          : html`<ul class="overrides" id="overrides">
              ${[...opts.overrides]
                .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
                .map(
                  (o) =>
                    html`<li class="card">
                      <strong
                        >${o.leadId ? (leadName.get(o.leadId) ?? opts.names.get(o.leadId) ?? 'Unknown') : 'Nobody'}</strong
                      >
                      from ${timeEl(o.startsAt, timeZone)} to ${timeEl(o.endsAt, timeZone)}
                      ${o.note ? html`<br /><span class="muted">${o.note}</span>` : ''}
                      <form method="post" action="/settings/rota/overrides/${o.id}/remove">
                        ${csrfField(opts.csrfToken)}
                        <button type="submit" class="secondary">Remove</button>
                      </form>
                    </li>`,
                )}
            </ul>`
      }
      <h3>Add an override</h3>
      ${errorSummary('The override was not added. Please check:', Object.values(oe))}
      <form method="post" action="/settings/rota/overrides" novalidate>
        ${csrfField(opts.csrfToken)}
        <label for="overrideLead">On call</label>
        <select id="overrideLead" name="overrideLead" ${invalidAttrs(oe, 'overrideLead')}>
          <option value="">Choose…</option>
          ${leadOptions(ov.overrideLead)}
          <option value="${NOBODY}" ${ov.overrideLead === NOBODY ? html` selected` : ''}>
            Nobody (a gap: alerts go to the coordinators)
          </option>
        </select>
        ${fieldError(oe, 'overrideLead')}
        <label for="overrideFrom">From <span class="hint">(${timeZone})</span></label>
        <input
          type="datetime-local"
          id="overrideFrom"
          name="overrideFrom"
          value="${ov.overrideFrom}"
          ${invalidAttrs(oe, 'overrideFrom')}
        />
        ${fieldError(oe, 'overrideFrom')}
        <label for="overrideTo">To <span class="hint">(${timeZone})</span></label>
        <input
          type="datetime-local"
          id="overrideTo"
          name="overrideTo"
          value="${ov.overrideTo}"
          ${invalidAttrs(oe, 'overrideTo')}
        />
        ${fieldError(oe, 'overrideTo')}
        <label for="overrideNote">Note <span class="hint">(optional, like “Holiday: Anna covers”)</span></label>
        <input
          type="text"
          id="overrideNote"
          name="overrideNote"
          value="${ov.overrideNote}"
          maxlength="${MAX_NOTE_LENGTH}"
          ${invalidAttrs(oe, 'overrideNote')}
        />
        ${fieldError(oe, 'overrideNote')}
        <p class="buttons"><button type="submit">Add override</button></p>
      </form>

      <h2>The next ${opts.shiftWeeks} weeks</h2>
      <p class="hint">Times in ${timeZone}.</p>
      <table class="shifts" id="shifts">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>On call</th>
          </tr>
        </thead>
        <tbody>
          ${opts.shifts.map(
            (s) =>
              html`<tr ${s.lead ? '' : html` class="gap"`}>
                <td>${timeEl(s.startsAt, timeZone)}</td>
                <td>${timeEl(s.endsAt, timeZone)}</td>
                <td>${whoText(s)}<br /><span class="hint">${whyText(s, opts.names)}</span></td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export function onCallPage(opts: {
  user: User;
  timeZone: string;
  hasRota: boolean;
  now: { lead: User | null; source: OnCallSource };
  mine: UpcomingShift[];
  weeks: number;
  gaps: Gap[];
  gapDays: number;
  at: Date;
}): string {
  const { timeZone } = opts;
  return page(
    { title: 'On call', user: opts.user, current: 'on-call' },
    html`<p><a href="/">← Requests</a></p>
      <h1>On call</h1>
      <p><a href="/on-call/swaps" id="swaps-link">Shift swaps: offer one of your shifts, or take one</a></p>
      ${onCallNowLine(opts.now)}
      ${gapWarning(opts.gaps, timeZone, { days: opts.gapDays, link: hasRole(opts.user, 'coordinator') })}
      <h2>Your on-call shifts in the next ${opts.weeks} weeks</h2>
      ${
        !opts.hasRota
          ? html`<p class="muted">There is no rota yet: a coordinator sets it up.</p>`
          : opts.mine.length === 0
            ? html`<p class="muted" id="my-shifts">You are not on call in the next ${opts.weeks} weeks.</p>`
            : html`<ul id="my-shifts" class="shift-list">
                ${opts.mine.map(
                  (s) =>
                    html`<li class="card">
                      ${
                        s.startsAt.getTime() <= opts.at.getTime()
                          ? html`<strong>On call now</strong>, until ${timeEl(s.endsAt, timeZone)}`
                          : html`From ${timeEl(s.startsAt, timeZone)} to ${timeEl(s.endsAt, timeZone)}`
                      }
                      ${s.source === 'override' ? html`<br /><span class="muted">Override${s.note ? `: ${s.note}` : ''}</span>` : ''}
                    </li>`,
                )}
              </ul>`
      }
      <p class="hint">Times in ${timeZone}.</p>`,
  );
}

/** On the signed-in home: who is on call, a link to the rota, and (coordinators) the warning ahead of a gap. */
export function rotaHomeBlock(opts: {
  user: User;
  hasRota: boolean;
  timeZone: string;
  now: { lead: User | null; source: OnCallSource };
  gaps: Gap[];
  gapDays: number;
}): SafeHtml {
  const coordinator = hasRole(opts.user, 'coordinator');
  const link = coordinator
    ? html`<a href="/settings/rota">on-call rota</a>`
    : html`<a href="/on-call">my on-call shifts</a>`;
  if (!opts.hasRota && !opts.now.lead) {
    return html`<p class="muted" id="rota-home">
      No on-call rota yet: alerts go to the coordinators.
      ${coordinator ? html`<a href="/settings/rota">Set up the on-call rota</a>` : link}
    </p>`;
  }
  return html`<p class="muted" id="rota-home">
      On call now: ${opts.now.lead ? opts.now.lead.name : 'nobody (alerts go to the coordinators)'} · ${link}
    </p>
    ${coordinator ? gapWarning(opts.gaps, opts.timeZone, { days: opts.gapDays, link: true }) : ''}`;
}
