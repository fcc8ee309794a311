// The on-call rota as a coordinator edits it: the rotation form and the override form, to a rota or an override,
// with one message per field. Pure, so a page with errors shows exactly what was sent. zod reads the fields as
// trimmed text (the values shown again), then checks them with rules that know the team's leads and time zone.
import { z } from 'zod';
import {
  canonicalTimeZone,
  instantFromLocal,
  isLocalDate,
  localDateTime,
  type IsoWeekday,
  type Rota,
} from '../../domain/rota';
import { checkFields, textField, type FieldErrors } from '../form-fields';

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

export type { FieldErrors };

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

const rotaFields = z.object({
  timeZone: textField,
  handoverWeekday: textField,
  handoverTime: textField,
  startsOn: textField,
  ...Object.fromEntries(Array.from({ length: MAX_ROTATION_ROWS }, (_, i) => [`lead-${i}`, textField])),
});

export function rotaFormValuesFromBody(body: Record<string, unknown>): RotaFormValues {
  const fields = rotaFields.parse(body) as Record<string, string>;
  const leads = Array.from({ length: MAX_ROTATION_ROWS }, (_, i) => fields[`lead-${i}`]);
  while (leads.length && !leads[leads.length - 1]) leads.pop();
  const { timeZone, handoverWeekday, handoverTime, startsOn } = fields;
  return { timeZone, handoverWeekday, handoverTime, startsOn, leads };
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

const NOT_A_LEAD = 'Not a lead of this team: choose one from the list';

const rotaRules = (leadIds: ReadonlySet<string>) =>
  z
    .object({
      timeZone: z
        .string()
        .min(1, { error: 'Enter a time zone, like Europe/Tallinn' })
        .refine((s) => s === '' || canonicalTimeZone(s) !== null, {
          error: (issue) => `Unknown time zone "${String(issue.input)}": use a name like Europe/Tallinn`,
        }),
      handoverWeekday: z.string().regex(/^[1-7]$/, { error: 'Choose the day of the handover' }),
      handoverTime: z.string().refine((s) => parseHandoverTime(s) !== null, {
        error: 'Enter a 24-hour time from 00:00 to 23:59, like 09:00',
      }),
      startsOn: z.string().refine(isLocalDate, { error: 'Enter a date, like 2026-03-02' }),
      leads: z.array(z.string()),
    })
    .superRefine(({ leads }, ctx) => {
      // Each row's problem sits beside its row.
      leads.forEach((id, i) => {
        if (id && !leadIds.has(id)) ctx.addIssue({ code: 'custom', path: [`lead-${i}`], message: NOT_A_LEAD });
      });
    });

/** The rotation the form describes, or a message per field. `leadIds` are the workspace's leads. */
export function rotaFromForm(
  values: RotaFormValues,
  leadIds: ReadonlySet<string>,
): { rota: Rota; errors: FieldErrors } | { rota: null; errors: FieldErrors } {
  const errors = checkFields(rotaRules(leadIds), values);
  if (Object.keys(errors).length) return { rota: null, errors };
  return {
    rota: {
      timeZone: canonicalTimeZone(values.timeZone) as string,
      handoverWeekday: Number(values.handoverWeekday) as IsoWeekday,
      handoverTime: parseHandoverTime(values.handoverTime) as string,
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

const overrideFields = z.object({
  overrideLead: textField,
  overrideFrom: textField,
  overrideTo: textField,
  overrideNote: textField,
});

export function overrideFormValuesFromBody(body: Record<string, unknown>): OverrideFormValues {
  return overrideFields.parse(body);
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

const overrideRules = (leadIds: ReadonlySet<string>, timeZone: string) =>
  z
    .object({
      overrideLead: z
        .string()
        .min(1, { error: 'Choose who is on call, or “Nobody”' })
        .refine((s) => s === '' || s === NOBODY || leadIds.has(s), { error: NOT_A_LEAD }),
      overrideFrom: z.string().refine((s) => parseLocalDateTime(s, timeZone) !== null, {
        error: 'Enter a date and time, like 2026-04-01 09:00',
      }),
      overrideTo: z.string().refine((s) => parseLocalDateTime(s, timeZone) !== null, {
        error: 'Enter a date and time, like 2026-04-08 09:00',
      }),
      overrideNote: z.string().max(MAX_NOTE_LENGTH, {
        error: (issue) => `At most ${MAX_NOTE_LENGTH} characters (this is ${String(issue.input).length})`,
      }),
    })
    .superRefine(({ overrideFrom, overrideTo }, ctx) => {
      const [startsAt, endsAt] = [parseLocalDateTime(overrideFrom, timeZone), parseLocalDateTime(overrideTo, timeZone)];
      if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime())
        ctx.addIssue({ code: 'custom', path: ['overrideTo'], message: 'The end must be after the start' });
    });

/** The override the form describes (times read in the rota's zone), or a message per field. */
export function overrideFromForm(
  values: OverrideFormValues,
  leadIds: ReadonlySet<string>,
  timeZone: string,
):
  | { override: { leadId: string | null; startsAt: Date; endsAt: Date; note: string }; errors: FieldErrors }
  | { override: null; errors: FieldErrors } {
  const errors = checkFields(overrideRules(leadIds, timeZone), values);
  const startsAt = parseLocalDateTime(values.overrideFrom, timeZone);
  const endsAt = parseLocalDateTime(values.overrideTo, timeZone);
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
