// The on-call rota as a coordinator edits it: the rotation form and the override form, to a rota or an override,
// with one message per field. Pure, so a page with errors shows exactly what was sent.
import {
  canonicalTimeZone,
  instantFromLocal,
  isLocalDate,
  localDateTime,
  type IsoWeekday,
  type Rota,
} from '../../domain/rota';

/** Rotation rows on the form: a year of weekly turns is more than any team rotates through. */
export const MAX_ROTATION_ROWS = 52;
export const MAX_NOTE_LENGTH = 200;
/** The value of the override form's "Nobody (a gap)" choice. */
export const NOBODY = 'nobody';

export interface RotaFormValues {
  timeZone: string;
  handoverWeekday: string;
  handoverTime: string;
  startsOn: string;
  /** Lead ids by row, as posted (empty rows included, so errors stay beside their row). */
  leads: string[];
}

export interface OverrideFormValues {
  overrideLead: string;
  overrideFrom: string;
  overrideTo: string;
  overrideNote: string;
}

export type FieldErrors = Record<string, string>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function rotaFormValuesOf(rota: Rota | null, today: string): RotaFormValues {
  if (!rota) return { timeZone: 'UTC', handoverWeekday: '1', handoverTime: '09:00', startsOn: today, leads: [] };
  return {
    timeZone: rota.timeZone,
    handoverWeekday: String(rota.handoverWeekday),
    handoverTime: rota.handoverTime,
    startsOn: rota.startsOn,
    leads: [...rota.leadIds],
  };
}

export function rotaFormValuesFromBody(body: Record<string, unknown>): RotaFormValues {
  const leads: string[] = [];
  for (let i = 0; i < MAX_ROTATION_ROWS; i += 1) leads.push(str(body[`lead-${i}`]));
  while (leads.length && !leads[leads.length - 1]) leads.pop();
  return {
    timeZone: str(body.timeZone),
    handoverWeekday: str(body.handoverWeekday),
    handoverTime: str(body.handoverTime),
    startsOn: str(body.startsOn),
    leads,
  };
}

/** "9:00", "09:00" or a browser's "09:00:00" → "09:00"; anything else (including "25:00") → null. */
export function parseHandoverTime(s: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** The rotation the form describes, or a message per field. `leadIds` are the workspace's leads. */
export function rotaFromForm(
  values: RotaFormValues,
  leadIds: ReadonlySet<string>,
): { rota: Rota; errors: FieldErrors } | { rota: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const timeZone = canonicalTimeZone(values.timeZone);
  if (!values.timeZone) errors.timeZone = 'Enter a time zone, like Europe/Tallinn';
  else if (!timeZone) errors.timeZone = `Unknown time zone "${values.timeZone}": use a name like Europe/Tallinn`;
  const weekday = Number(values.handoverWeekday);
  if (!/^[1-7]$/.test(values.handoverWeekday)) errors.handoverWeekday = 'Choose the day of the handover';
  const handoverTime = parseHandoverTime(values.handoverTime);
  if (!handoverTime) errors.handoverTime = 'Enter a 24-hour time from 00:00 to 23:59, like 09:00';
  if (!isLocalDate(values.startsOn)) errors.startsOn = 'Enter a date, like 2026-03-02';
  values.leads.forEach((id, i) => {
    if (id && !leadIds.has(id)) errors[`lead-${i}`] = 'Not a lead of this team: choose one from the list';
  });
  if (Object.keys(errors).length) return { rota: null, errors };
  return {
    rota: {
      timeZone: timeZone as string,
      handoverWeekday: weekday as IsoWeekday,
      handoverTime: handoverTime as string,
      startsOn: values.startsOn,
      leadIds: values.leads.filter(Boolean),
    },
    errors,
  };
}

export const emptyOverrideValues = (): OverrideFormValues => ({
  overrideLead: '',
  overrideFrom: '',
  overrideTo: '',
  overrideNote: '',
});

export function overrideFormValuesFromBody(body: Record<string, unknown>): OverrideFormValues {
  return {
    overrideLead: str(body.overrideLead),
    overrideFrom: str(body.overrideFrom),
    overrideTo: str(body.overrideTo),
    overrideNote: str(body.overrideNote),
  };
}

/** A datetime-local value ("2026-04-01T09:00") as an instant in the zone, or null. */
export function parseLocalDateTime(s: string, timeZone: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::\d{2})?$/.exec(s);
  if (!m || !isLocalDate(m[1])) return null;
  const time = parseHandoverTime(m[2]);
  return time ? instantFromLocal(m[1], time, timeZone) : null;
}

/** An instant as a datetime-local value in the zone. */
export function toLocalInput(at: Date, timeZone: string): string {
  const l = localDateTime(at, timeZone);
  return `${l.date}T${l.time}`;
}

/** The override the form describes (times read in the rota's zone), or a message per field. */
export function overrideFromForm(
  values: OverrideFormValues,
  leadIds: ReadonlySet<string>,
  timeZone: string,
):
  | { override: { leadId: string | null; startsAt: Date; endsAt: Date; note: string }; errors: FieldErrors }
  | { override: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!values.overrideLead) errors.overrideLead = 'Choose who is on call, or “Nobody”';
  else if (values.overrideLead !== NOBODY && !leadIds.has(values.overrideLead))
    errors.overrideLead = 'Not a lead of this team: choose one from the list';
  const startsAt = parseLocalDateTime(values.overrideFrom, timeZone);
  const endsAt = parseLocalDateTime(values.overrideTo, timeZone);
  if (!startsAt) errors.overrideFrom = 'Enter a date and time, like 2026-04-01 09:00';
  if (!endsAt) errors.overrideTo = 'Enter a date and time, like 2026-04-08 09:00';
  else if (startsAt && endsAt.getTime() <= startsAt.getTime()) errors.overrideTo = 'The end must be after the start';
  if (values.overrideNote.length > MAX_NOTE_LENGTH)
    errors.overrideNote = `At most ${MAX_NOTE_LENGTH} characters (this is ${values.overrideNote.length})`;
  if (Object.keys(errors).length || !startsAt || !endsAt) return { override: null, errors };
  return {
    override: {
      leadId: values.overrideLead === NOBODY ? null : values.overrideLead,
      startsAt,
      endsAt,
      note: values.overrideNote,
    },
    errors,
  };
}
