// The service-hours form: "always open", or the days and hours the team answers in a time zone. Every problem
// gets its own message; nothing is saved when any is wrong.
import { z } from 'zod';
import { canonicalTimeZone, type IsoWeekday } from '../../domain/rota';
import { isServiceTime, type ServiceHours } from '../../domain/service-hours';

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const time = (what: string, example: string) =>
  z
    .string({ error: `Write the ${what} time as HH:MM, e.g. ${example}` })
    .trim()
    .refine(isServiceTime, { error: `Write the ${what} time as HH:MM (00:00 to 23:59), e.g. ${example}` });

const hoursSchema = z.object({
  timeZone: z
    .string({ error: 'Enter the time zone, e.g. Europe/Helsinki' })
    .trim()
    .refine((v) => canonicalTimeZone(v) !== null, { error: 'Not a time zone: write it like Europe/Helsinki' })
    .transform((v) => canonicalTimeZone(v)!),
  days: z.preprocess(
    asList,
    z
      .array(z.coerce.number().int().min(1).max(7), { error: 'Days are Monday to Sunday' })
      .min(1, { error: 'Choose at least one day, or choose "Always open"' }),
  ),
  from: time('opening', '09:00'),
  to: time('closing', '21:00'),
});

export interface ServiceHoursValues {
  mode: 'always' | 'hours';
  timeZone: string;
  days: string[];
  from: string;
  to: string;
}

/** The form as typed, for showing it again. */
export function serviceHoursValues(body: Record<string, unknown>): ServiceHoursValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    mode: body.mode === 'always' ? 'always' : 'hours',
    timeZone: str(body.timeZone),
    days: asList(body.days).map(String),
    from: str(body.from),
    to: str(body.to),
  };
}

/** The values a saved setting (or always open, in the team's zone) shows in the form. */
export function valuesOf(hours: ServiceHours | null, teamZone: string): ServiceHoursValues {
  return hours
    ? { mode: 'hours', timeZone: hours.timeZone, days: hours.days.map(String), from: hours.from, to: hours.to }
    : { mode: 'always', timeZone: teamZone, days: ['1', '2', '3', '4', '5'], from: '09:00', to: '21:00' };
}

export function parseServiceHours(
  body: unknown,
): { ok: true; hours: ServiceHours | null } | { ok: false; errors: Record<string, string> } {
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.mode === 'always') return { ok: true, hours: null };
  if (b.mode !== 'hours') return { ok: false, errors: { mode: 'Choose "Always open" or "Only these days and hours"' } };
  const parsed = hoursSchema.safeParse(b);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, errors };
  }
  const { timeZone, from, to } = parsed.data;
  const days = [...new Set(parsed.data.days)].sort((a, b) => a - b) as IsoWeekday[];
  return { ok: true, hours: { timeZone, days, from, to } };
}
