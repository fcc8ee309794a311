// Whether a counselor is inside their quiet hours right now, in their own time zone.

/** Minutes since local midnight in the zone; UTC when the zone is unknown. */
export function localMinutes(now: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  } catch {
    return now.getUTCHours() * 60 + now.getUTCMinutes();
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + (m || 0);
};

/** start/end are "HH:MM" (or "HH:MM:SS"); a window may wrap midnight (22:00-07:00). Equal ends mean none. */
export function inQuietHours(now: Date, start: string | null, end: string | null, timeZone: string): boolean {
  if (!start || !end) return false;
  const s = toMinutes(start);
  const e = toMinutes(end);
  if (s === e) return false;
  const t = localMinutes(now, timeZone);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/**
 * When the quiet hours the moment falls in end (to the minute, in the person's zone); null outside them.
 * Counted forward in minutes from now, so a zone's offset and a window across midnight need no calendar.
 */
export function quietHoursEnd(now: Date, start: string | null, end: string | null, timeZone: string): Date | null {
  if (!inQuietHours(now, start, end, timeZone)) return null;
  const e = toMinutes(end as string);
  const t = localMinutes(now, timeZone);
  const minutes = (e - t + 24 * 60) % (24 * 60) || 24 * 60;
  const atMinute = new Date(now.getTime() - (now.getTime() % 60_000));
  return new Date(atMinute.getTime() + minutes * 60_000);
}
