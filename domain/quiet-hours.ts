// Whether a person is inside their quiet hours right now, in their own time zone.

const DAY = 24 * 3600;

/** Seconds since local midnight in the zone; UTC when the zone is unknown. */
function localSeconds(now: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  } catch {
    return now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 3600 + get('minute') * 60 + get('second');
}

/** Minutes since local midnight in the zone; UTC when the zone is unknown. */
export function localMinutes(now: Date, timeZone: string): number {
  return Math.floor(localSeconds(now, timeZone) / 60);
}

// Seconds count too ("HH:MM:SS", as Postgres returns a time): a window set to the second ends to the second.
const toSeconds = (hhmm: string): number => {
  const [h, m, s] = hhmm.split(':').map(Number);
  return h * 3600 + (m || 0) * 60 + (s || 0);
};

/** start/end are "HH:MM" (or "HH:MM:SS"); a window may wrap midnight (22:00-07:00). Equal ends mean none. */
export function inQuietHours(now: Date, start: string | null, end: string | null, timeZone: string): boolean {
  if (!start || !end) return false;
  const s = toSeconds(start);
  const e = toSeconds(end);
  if (s === e) return false;
  const t = localSeconds(now, timeZone);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/**
 * When the quiet hours the moment falls in end (to the second, in the person's zone); null outside them.
 * Counted forward from now, so a zone's offset and a window across midnight need no calendar.
 */
export function quietHoursEnd(now: Date, start: string | null, end: string | null, timeZone: string): Date | null {
  if (!inQuietHours(now, start, end, timeZone)) return null;
  const e = toSeconds(end as string);
  const t = localSeconds(now, timeZone);
  const seconds = (e - t + DAY) % DAY || DAY;
  const atSecond = new Date(now.getTime() - (now.getTime() % 1000));
  return new Date(atSecond.getTime() + seconds * 1000);
}
