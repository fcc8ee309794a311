// The page where a coordinator or lead keeps their nights: quiet hours for alerts, and what waits for the morning.
import type { WaitingForMorning } from '../../db';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { morningList } from '../board/view';
import type { StaffQuietHoursValues } from './form';

export function staffQuietHoursPage(v: {
  user: { name: string; role: string };
  csrf: string;
  values: StaffQuietHoursValues;
  errors: Record<string, string>;
  saved?: boolean;
  waiting: WaitingForMorning[];
}): string {
  const field = (name: keyof StaffQuietHoursValues, label: string, hint: string) =>
    html`<label for="${name}">${label}</label>
      <p class="hint" id="${name}-hint">${hint}</p>
      ${fieldError(v.errors, name)}
      <input
        id="${name}"
        name="${name}"
        value="${v.values[name]}"
        aria-describedby="${name}-hint"
        ${invalidAttrs(v.errors, name)}
      />`;
  return page(
    { title: 'Quiet hours for alerts', user: v.user },
    html`<h1>Quiet hours for alerts</h1>
      ${v.saved ? notice('Your quiet hours are saved.') : ''}
      ${Object.keys(v.errors).length ? errorSummary('Please correct the marked fields.', Object.values(v.errors)) : ''}
      <p>
        Alerts that are not urgent wait for the end of your quiet hours and reach you then, together, in one message.
        Someone who may be in danger now still reaches you at once.
      </p>
      <form method="post" action="/settings/quiet-hours" id="quiet-hours">
        ${csrfField(v.csrf)}
        ${field('quietStart', 'Quiet from', 'HH:MM, 24-hour, for example 22:00. Leave both blank for none.')}
        ${field('quietEnd', 'Quiet until', 'HH:MM, 24-hour, for example 07:00.')}
        ${field('timeZone', 'Your time zone', 'For example Europe/Tallinn.')}
        <p><button type="submit" class="big">Save</button></p>
      </form>
      ${morningList(v.waiting)}`,
  );
}
