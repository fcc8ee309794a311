// The requester's availability (optional): up to three windows on local dates, in their time zone.
// The form sends flat fields (timeZone, window1Date, window1From, window1To, ...); JSON sends
// { availability: { timeZone, windows: [{ date, from, to }] } }. Both end up as instants plus the zone.
import { z } from 'zod';
import type { Availability } from '../../db';
import { canonicalTimeZone, instantFromLocal, isHandoverTime, isLocalDate } from '../../domain/rota';

export const MAX_WINDOWS = 3;
/** How far ahead a window may lie: the session is meant to happen within days. */
const MAX_AHEAD_MS = 60 * 86_400_000;

/** Form fields arrive as strings (or absent); JSON may send anything: a non-string is treated as empty. */
const text = z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string());
// A malformed window is kept as an empty one, so its error names its place ("Time 2: ...").
const windowShape = z.object({ date: text, from: text, to: text }).catch({ date: '', from: '', to: '' });
type RawWindow = z.infer<typeof windowShape>;

const windowFields = Object.fromEntries(
  Array.from({ length: MAX_WINDOWS }, (_, i) => [`window${i + 1}Date`, `window${i + 1}From`, `window${i + 1}To`])
    .flat()
    .map((name) => [name, text]),
);
/** Both shapes of the availability: JSON's `availability` object, or the form's flat numbered fields. */
const availabilityForm = z.object({
  availability: z
    .union([z.object({ timeZone: text, windows: z.array(windowShape).catch([]) }), z.null()])
    .optional()
    // Not an object at all: a time zone nobody has, so the answer is the time-zone message.
    .catch({ timeZone: '', windows: [] }),
  timeZone: text,
  ...windowFields,
});

/** The form's flat fields as the JSON shape; nothing when every availability field is empty. */
function rawAvailability(body: Record<string, unknown>): { timeZone: string; windows: RawWindow[] } | undefined {
  const form = availabilityForm.parse(body);
  if (form.availability) return form.availability;
  const fields = form as unknown as Record<string, string>;
  const windows: RawWindow[] = [];
  for (let i = 1; i <= MAX_WINDOWS; i++) {
    const w = { date: fields[`window${i}Date`], from: fields[`window${i}From`], to: fields[`window${i}To`] };
    if (w.date || w.from || w.to) windows.push(w);
  }
  if (windows.length === 0) return undefined; // a time zone alone says nothing about when
  return { timeZone: form.timeZone, windows };
}

export function parseAvailability(
  body: Record<string, unknown>,
  now: Date = new Date(),
): { ok: true; value: Availability | undefined } | { ok: false; error: string } {
  const raw = rawAvailability(body);
  if (!raw) return { ok: true, value: undefined };
  const timeZone = canonicalTimeZone(raw.timeZone);
  if (!timeZone) return { ok: false, error: 'Choose your time zone from the list, e.g. Europe/Tallinn' };
  if (raw.windows.length === 0 || raw.windows.length > MAX_WINDOWS) {
    return { ok: false, error: `Give one to ${MAX_WINDOWS} times when you are free` };
  }
  const windows = [];
  for (const [i, { date, from, to }] of raw.windows.entries()) {
    const n = i + 1;
    if (!isLocalDate(date) || !isHandoverTime(from) || !isHandoverTime(to)) {
      return { ok: false, error: `Time ${n}: give a date and a start and end time, like 2026-12-01, 18:00 to 20:00` };
    }
    const start = instantFromLocal(date, from, timeZone);
    const end = instantFromLocal(date, to, timeZone);
    if (end.getTime() - start.getTime() < 30 * 60_000) {
      return { ok: false, error: `Time ${n}: the end must be at least 30 minutes after the start` };
    }
    if (end.getTime() <= now.getTime()) return { ok: false, error: `Time ${n}: this time has already passed` };
    if (start.getTime() > now.getTime() + MAX_AHEAD_MS) {
      return { ok: false, error: `Time ${n}: choose a time within the next 60 days` };
    }
    windows.push({ start, end });
  }
  return { ok: true, value: { timeZone, windows } };
}
