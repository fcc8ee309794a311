// The service-hours page: always open (the default), or the days and hours the team answers in a time zone.
import type { User } from '../../db';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { WEEKDAY_NAMES, type ServiceHoursValues } from './service-hours-form';

const LABELS: Record<string, string> = {
  mode: 'Service hours',
  timeZone: 'Time zone',
  days: 'Days',
  from: 'Opens at',
  to: 'Closes at',
};

export function serviceHoursPage(opts: {
  user: User;
  values: ServiceHoursValues;
  errors?: Record<string, string>;
  csrfToken: string;
  saved?: boolean;
}): string {
  const errors = opts.errors ?? {};
  const v = opts.values;
  return page(
    { title: 'Service hours', user: opts.user },
    html`<p><a href="/settings">← Settings</a></p>
      <h1>Service hours</h1>
      ${opts.saved ? notice('Saved. The request form says it from now on.') : ''}
      ${errorSummary(
        'Nothing was saved. Please check:',
        Object.entries(errors).map(([field, message]) => `${LABELS[field] ?? field}: ${message}`),
      )}
      <p class="card">
        Outside these hours the request form and the requester's status page say plainly when the team answers again,
        and still take the request. Counselors are offered requests as always: nothing in dispatch changes.
      </p>
      <form method="post" action="/settings/service-hours" novalidate>
        ${csrfField(opts.csrfToken)}
        <fieldset ${invalidAttrs(errors, 'mode')}>
          <legend>When does the team answer?</legend>
          <label
            ><input type="radio" name="mode" value="always" ${v.mode === 'always' ? 'checked' : ''} /> Always open (any
            day, any hour)</label
          >
          <label
            ><input type="radio" name="mode" value="hours" ${v.mode === 'hours' ? 'checked' : ''} /> Only these days and
            hours</label
          >
          ${fieldError(errors, 'mode')}
        </fieldset>
        <fieldset ${invalidAttrs(errors, 'days')}>
          <legend>Days</legend>
          ${WEEKDAY_NAMES.map(
            (name, i) =>
              html`<label
                ><input
                  type="checkbox"
                  name="days"
                  value="${String(i + 1)}"
                  ${v.days.includes(String(i + 1)) ? 'checked' : ''}
                />
                ${name}</label
              >`,
          )}
          ${fieldError(errors, 'days')}
        </fieldset>
        <label for="from">Opens at</label>
        <input id="from" name="from" type="time" value="${v.from}" ${invalidAttrs(errors, 'from')} />
        ${fieldError(errors, 'from')}
        <label for="to">Closes at</label>
        <p class="hint">At or before the opening time: the hours run past midnight into the next day.</p>
        <input id="to" name="to" type="time" value="${v.to}" ${invalidAttrs(errors, 'to')} />
        ${fieldError(errors, 'to')}
        <label for="timeZone">Time zone</label>
        <input
          id="timeZone"
          name="timeZone"
          value="${v.timeZone}"
          autocomplete="off"
          ${invalidAttrs(errors, 'timeZone')}
        />
        ${fieldError(errors, 'timeZone')}
        <p><button type="submit">Save</button></p>
      </form>`,
  );
}
