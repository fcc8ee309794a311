// The team's service hours: the days and hours it answers requests, in its own time zone. Outside them the
// intake still takes a request and says when the team resumes; dispatch is not changed. Pure: no I/O.
import { instantFromLocal, localDateTime, type IsoWeekday } from './rota';

export interface ServiceHours {
  /** IANA zone the hours are read in ("Europe/Helsinki"). */
  timeZone: string;
  /** ISO weekdays the team opens on (Monday 1 … Sunday 7); a span starts on its day. */
  days: IsoWeekday[];
  /** "HH:MM" local. `to` at or before `from` runs past midnight into the next day; equal: a whole day. */
  from: string;
  to: string;
}

/** Open now, or when the team resumes (the instant, and its local weekday, date and time in the team's zone). */
export type ServiceState =
  { open: true } | { open: false; resumesAt: Date; resumes: { weekday: IsoWeekday; date: string; time: string } };

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const isServiceTime = (s: string): boolean => TIME_RE.test(s);

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The local date `days` after a "YYYY-MM-DD" date. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const weekdayOf = (date: string): IsoWeekday => {
  const [y, m, d] = date.split('-').map(Number);
  return (((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1) as IsoWeekday;
};

/**
 * Whether the team is open at `now`, else when it next opens. Null hours mean always open (the default). Each
 * span is read on the wall clock of its own dates, so a DST change shortens or lengthens it, never shifts it.
 */
export function serviceState(hours: ServiceHours | null, now: Date): ServiceState {
  if (!hours || hours.days.length === 0) return { open: true };
  const wraps = minutes(hours.to) <= minutes(hours.from);
  const today = localDateTime(now, hours.timeZone).date;
  // Yesterday's span may run past midnight into today; a week and a day ahead always holds the next opening.
  for (let k = -1; k <= 8; k++) {
    const date = addDays(today, k);
    if (!hours.days.includes(weekdayOf(date))) continue;
    const start = instantFromLocal(date, hours.from, hours.timeZone);
    const end = instantFromLocal(wraps ? addDays(date, 1) : date, hours.to, hours.timeZone);
    if (now >= start && now < end) return { open: true };
    if (start > now) {
      const local = localDateTime(start, hours.timeZone);
      return { open: false, resumesAt: start, resumes: { weekday: local.weekday, date: local.date, time: local.time } };
    }
  }
  return { open: true }; // unreachable with at least one day; open is the safe answer (nothing is held back)
}
