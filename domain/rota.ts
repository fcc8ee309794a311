// Who is on call, when: the on-call rota computed from its settings and overrides. Pure (no I/O); time zones via Intl.
//
// The rotation: handovers happen weekly at a local wall-clock time (e.g. Monday 09:00 Europe/Tallinn), so a shift
// that spans a daylight-saving change is 167 or 169 hours long. The first shift starts at the first handover on or
// after the start date and goes to leadIds[0]; shift k goes to leadIds[k mod n]. Before it, nobody is on call.
// An override wins over the rotation for its interval [startsAt, endsAt); where overrides overlap, the later one in
// the list wins (the store lists them in the order they were added). A null lead, an empty rotation, or a lead who is
// no longer a lead of the workspace (opts.isLead) is a gap: alerts then go to the coordinators.

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface Rota {
  /** IANA zone name, e.g. "Europe/Tallinn". */
  timeZone: string;
  handoverWeekday: IsoWeekday;
  /** Local wall-clock time of the handover, "HH:MM" (24-hour). */
  handoverTime: string;
  /** Lead user ids in rotation order, one week each. */
  leadIds: readonly string[];
  /** Local date "YYYY-MM-DD" in timeZone the rotation starts from. */
  startsOn: string;
}

export interface RotaOverride {
  id?: string;
  /** null: nobody is on call for the interval. */
  leadId: string | null;
  startsAt: Date;
  endsAt: Date;
  note?: string;
}

export type OnCallSource = 'override' | 'rotation' | 'none';

export interface OnCall {
  leadId: string | null;
  source: OnCallSource;
  /** The override that decided it, when source is 'override'. */
  overrideId?: string;
  note?: string;
  /** Set when the rota names someone who is no longer a lead (hence the gap). */
  unavailableLeadId?: string;
}

export interface Shift extends OnCall {
  startsAt: Date;
  endsAt: Date;
}

export interface Gap {
  startsAt: Date;
  endsAt: Date;
}

export interface RotaOptions {
  /** Whether an id is (still) a lead of the workspace; ids it rejects count as gaps. Default: everyone is. */
  isLead?: (id: string) => boolean;
}

const DAY_MS = 86_400_000;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------- time zone arithmetic (Intl only) ----------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical name of a zone Intl knows ("europe/tallinn" → "Europe/Tallinn"), or null. */
export function canonicalTimeZone(name: string): string | null {
  if (!name || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== 'literal' && p.type !== 'weekday') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

/** The zone's offset from UTC at an instant, in ms (local wall clock minus UTC). */
function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a local wall-clock time happens in a zone. A time skipped by a spring-forward change moves forward
 * by the change (03:30 → 04:30); a time that happens twice at a fall-back change is the earlier one. (The same as
 * Temporal's "compatible" disambiguation.)
 */
export function instantFromLocal(date: string, time: string, timeZone: string): Date {
  const d = DATE_RE.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) throw new RangeError(`not a local date and time: ${date} ${time}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  // At most one change within a day either side: the offsets before and after bound the answer.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((c) => offsetAt(c, timeZone) === wall - c);
  if (candidates.length === 0) return new Date(wall - before); // skipped: the offset before the change moves it on
  return new Date(Math.min(...candidates));
}

/** The local date ("YYYY-MM-DD"), time ("HH:MM") and ISO weekday of an instant in a zone. */
export function localDateTime(at: Date, timeZone: string): { date: string; time: string; weekday: IsoWeekday } {
  const p = localParts(at.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
  return { date, time: `${pad(p.hour)}:${pad(p.minute)}`, weekday: isoWeekdayOf(dayNumber(date)) };
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" date. */
function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}
const dateOfDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The local date ("YYYY-MM-DD") `n` days after `date` (before, for a negative `n`): calendar days, no zone. */
export const addDays = (date: string, n: number): string => dateOfDay(dayNumber(date) + n);
// 1970-01-01 was a Thursday (ISO 4).
const isoWeekdayOf = (n: number): IsoWeekday => (((((n + 3) % 7) + 7) % 7) + 1) as IsoWeekday;

/** "HH:MM", 00:00 to 23:59. */
export const isHandoverTime = (s: string): boolean => TIME_RE.test(s);

/** A real calendar date "YYYY-MM-DD". */
export function isLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

// ---------- the rotation ----------

/** The local date of the first handover: the first handover weekday on or after the start date. */
function anchorDay(rota: Rota): number {
  const start = dayNumber(rota.startsOn);
  return start + ((rota.handoverWeekday - isoWeekdayOf(start) + 7) % 7);
}

/** The instant of handover k (k = 0 starts the first shift). */
export function handoverAt(rota: Rota, k: number): Date {
  return instantFromLocal(dateOfDay(anchorDay(rota) + 7 * k), rota.handoverTime, rota.timeZone);
}

/** The index of the rotation shift running at `at`: -1 before the first handover. */
function shiftIndexAt(rota: Rota, at: number): number {
  const anchor = anchorDay(rota);
  const localDay = dayNumber(localDateTime(new Date(at), rota.timeZone).date);
  let k = Math.max(-1, Math.floor((localDay - anchor) / 7));
  while (k >= 0 && handoverAt(rota, k).getTime() > at) k -= 1;
  while (handoverAt(rota, k + 1).getTime() <= at) k += 1;
  return k;
}

const hasRotation = (rota: Rota | null): rota is Rota => !!rota && rota.leadIds.length > 0;

/** Who is on call at an instant, and why. */
export function onCallAt(
  rota: Rota | null,
  overrides: readonly RotaOverride[],
  at: Date,
  opts: RotaOptions = {},
): OnCall {
  const t = at.getTime();
  const isLead = opts.isLead ?? (() => true);
  for (let i = overrides.length - 1; i >= 0; i -= 1) {
    const o = overrides[i];
    if (o.startsAt.getTime() <= t && t < o.endsAt.getTime()) {
      const result: OnCall = { leadId: null, source: 'override', note: o.note ?? '' };
      if (o.id) result.overrideId = o.id;
      if (o.leadId && isLead(o.leadId)) result.leadId = o.leadId;
      else if (o.leadId) result.unavailableLeadId = o.leadId;
      return result;
    }
  }
  if (!hasRotation(rota)) return { leadId: null, source: 'none' };
  const k = shiftIndexAt(rota, t);
  if (k < 0) return { leadId: null, source: 'none' };
  const leadId = rota.leadIds[k % rota.leadIds.length];
  return isLead(leadId)
    ? { leadId, source: 'rotation' }
    : { leadId: null, source: 'rotation', unavailableLeadId: leadId };
}

/**
 * Every change of who is on call in [from, until), as consecutive shifts covering the whole window (gaps included,
 * with leadId null). Shifts are clipped to the window. A rotation shift ends at each handover (even when the next week
 * is the same lead's); an override is one shift however many handovers it spans.
 */
export function upcomingShifts(
  rota: Rota | null,
  overrides: readonly RotaOverride[],
  from: Date,
  until: Date,
  opts: RotaOptions = {},
): Shift[] {
  const start = from.getTime();
  const end = until.getTime();
  if (!(end > start)) return [];
  const cuts = new Set<number>([start, end]);
  for (const o of overrides) {
    for (const edge of [o.startsAt.getTime(), o.endsAt.getTime()]) if (edge > start && edge < end) cuts.add(edge);
  }
  if (hasRotation(rota)) {
    for (let k = Math.max(0, shiftIndexAt(rota, start) + 1); ; k += 1) {
      const h = handoverAt(rota, k).getTime();
      if (h >= end) break;
      if (h > start) cuts.add(h);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const shifts: Shift[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const who = onCallAt(rota, overrides, new Date(points[i]), opts);
    const last = shifts[shifts.length - 1];
    const handover = hasRotation(rota) && isHandover(rota, points[i]);
    if (last && sameOnCall(last, who) && (who.source !== 'rotation' || !handover)) {
      last.endsAt = new Date(points[i + 1]);
    } else {
      shifts.push({ ...who, startsAt: new Date(points[i]), endsAt: new Date(points[i + 1]) });
    }
  }
  return shifts;
}

function isHandover(rota: Rota, t: number): boolean {
  const k = shiftIndexAt(rota, t);
  return k >= 0 && handoverAt(rota, k).getTime() === t;
}

const sameOnCall = (a: OnCall, b: OnCall): boolean =>
  a.leadId === b.leadId &&
  a.source === b.source &&
  a.overrideId === b.overrideId &&
  a.note === b.note &&
  a.unavailableLeadId === b.unavailableLeadId;

/** The intervals in [from, until) when nobody is on call, adjacent ones merged. */
export function gapsBetween(
  rota: Rota | null,
  overrides: readonly RotaOverride[],
  from: Date,
  until: Date,
  opts: RotaOptions = {},
): Gap[] {
  const gaps: Gap[] = [];
  for (const s of upcomingShifts(rota, overrides, from, until, opts)) {
    if (s.leadId !== null) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.endsAt.getTime() === s.startsAt.getTime()) last.endsAt = s.endsAt;
    else gaps.push({ startsAt: s.startsAt, endsAt: s.endsAt });
  }
  return gaps;
}
