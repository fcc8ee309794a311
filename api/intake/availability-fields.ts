// The intake form's optional availability: a time zone and up to three windows (date, from, to).
import { MAX_WINDOWS } from './availability-form';
import type { Translate } from '../i18n';
import { html } from '../ui/html';

/** A short list for the select; any other IANA zone can be typed in JSON. */
export const COMMON_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Tallinn',
  'Europe/Kyiv',
  'Europe/Madrid',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
];

export function availabilityFields(values: Record<string, unknown>, error: string | undefined, t: Translate) {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return html`<fieldset${error ? html` aria-invalid="true" aria-describedby="availability-error"` : ''}>
      <legend>${t('availability.legend')} <span class="hint">${t('availability.hint')}</span></legend>
      <label for="timeZone">${t('availability.timeZone')}</label>
      <select id="timeZone" name="timeZone">
        <option value="">${t('form.choose')}</option>
        ${COMMON_TIME_ZONES.map((z) => html`<option value="${z}" ${v('timeZone') === z ? html` selected` : ''}>${z}</option>`)}
      </select>
      ${Array.from({ length: MAX_WINDOWS }, (_, i) => {
        const n = i + 1;
        return html`<div class="window">
          <label for="window${n}Date">${t('availability.day', { n })}</label>
          <input type="date" id="window${n}Date" name="window${n}Date" value="${v(`window${n}Date`)}" />
          <label for="window${n}From">${t('availability.from')}</label>
          <input type="time" id="window${n}From" name="window${n}From" value="${v(`window${n}From`)}" />
          <label for="window${n}To">${t('availability.to')}</label>
          <input type="time" id="window${n}To" name="window${n}To" value="${v(`window${n}To`)}" />
        </div>`;
      })}
    </fieldset>
    ${error ? html`<p class="error" id="availability-error">${error}</p>` : ''}`;
}
