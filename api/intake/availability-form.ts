// The requester's availability (optional): up to three windows on local dates, in their time zone.
// The form sends flat fields (timeZone, window1Date, window1From, window1To, ...); JSON sends
// { availability: { timeZone, windows: [{ date, from, to }] } }. Both end up as instants plus the zone.
import type { Availability } from '../../db';
import { canonicalTimeZone, instantFromLocal, isHandoverTime, isLocalDate } from '../../domain/rota';

export const MAX_WINDOWS = 3;
/** How far ahead a window may lie: the session is meant to happen within days. */
const MAX_AHEAD_MS = 60 * 86_400_000;

interface RawWindow {
  date?: unknown;
  from?: unknown;
  to?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The form's flat fields as the JSON shape; nothing when every availability field is empty. */
function rawAvailability(body: Record<string, unknown>): { timeZone: unknown; windows: unknown } | undefined {
  if (body.availability !== undefined && body.availability !== null) {
    const a = body.availability as Record<string, unknown>;
    return typeof a === 'object' ? { timeZone: a.timeZone, windows: a.windows } : { timeZone: '', windows: 'x' };
  }
  const windows: RawWindow[] = [];
  for (let i = 1; i <= MAX_WINDOWS; i++) {
    const w = { date: str(body[`window${i}Date`]), from: str(body[`window${i}From`]), to: str(body[`window${i}To`]) };
    if (w.date || w.from || w.to) windows.push(w);
  }
  if (windows.length === 0) return undefined; // a time zone alone says nothing about when
  return { timeZone: body.timeZone, windows };
}

export function parseAvailability(
  body: Record<string, unknown>,
  now: Date = new Date(),
): { ok: true; value: Availability | undefined } | { ok: false; error: string } {
  const raw = rawAvailability(body);
  if (!raw) return { ok: true, value: undefined };
  const timeZone = canonicalTimeZone(str(raw.timeZone));
  if (!timeZone) return { ok: false, error: 'Choose your time zone from the list, e.g. Europe/Tallinn' };
  if (!Array.isArray(raw.windows) || raw.windows.length === 0 || raw.windows.length > MAX_WINDOWS) {
    return { ok: false, error: `Give one to ${MAX_WINDOWS} times when you are free` };
  }
  const windows = [];
  for (const [i, w] of (raw.windows as RawWindow[]).entries()) {
    const n = i + 1;
    const date = str(w?.date);
    const from = str(w?.from);
    const to = str(w?.to);
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
