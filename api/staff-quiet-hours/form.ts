// A coordinator's or lead's own quiet hours for alerts: both times or neither, and a real time zone.
import { canonicalTimeZone } from '../../domain/rota';

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface StaffQuietHoursValues {
  quietStart: string;
  quietEnd: string;
  timeZone: string;
}

export function parseStaffQuietHours(body: Record<string, unknown>): {
  values: StaffQuietHoursValues;
  errors: Record<string, string>;
  changes?: { quietStart: string | null; quietEnd: string | null; timeZone: string };
} {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');
  const values = { quietStart: str(body.quietStart), quietEnd: str(body.quietEnd), timeZone: str(body.timeZone) };
  const errors: Record<string, string> = {};
  const none = values.quietStart === '' && values.quietEnd === '';
  if (!none) {
    if (!TIME_RE.test(values.quietStart))
      errors.quietStart = 'Enter a time as HH:MM (24-hour), for example 22:00, or leave both blank.';
    if (!TIME_RE.test(values.quietEnd))
      errors.quietEnd = 'Enter a time as HH:MM (24-hour), for example 07:00, or leave both blank.';
    if (!errors.quietStart && !errors.quietEnd && values.quietStart === values.quietEnd)
      errors.quietEnd = 'The end must differ from the start.';
  }
  const zone = canonicalTimeZone(values.timeZone);
  if (!zone) errors.timeZone = 'Choose a time zone, for example Europe/Tallinn.';
  if (Object.keys(errors).length > 0 || !zone) return { values, errors };
  return {
    values,
    errors,
    changes: { quietStart: none ? null : values.quietStart, quietEnd: none ? null : values.quietEnd, timeZone: zone },
  };
}
