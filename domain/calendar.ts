// Session times for people: a one-event iCalendar file (RFC 5545, written by hand, times in UTC, nothing
// personal in it) and the slot text of messages and pages. Pure: shared by the API and the activities.

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description?: string;
  url?: string;
  /** Bumped on every change of the same event, so calendars replace rather than duplicate it. */
  sequence?: number;
  /** A cancellation of the event (METHOD:CANCEL, STATUS:CANCELLED). */
  cancelled?: boolean;
}

const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT values escape backslash, semicolon, comma and newlines. */
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  const out: string[] = [];
  let rest = Buffer.from(line, 'utf8');
  let first = true;
  while (rest.length > (first ? 75 : 74)) {
    let cut = first ? 75 : 74;
    while (cut > 0 && (rest[cut] & 0xc0) === 0x80) cut--; // never split a UTF-8 character
    out.push((first ? '' : ' ') + rest.subarray(0, cut).toString('utf8'));
    rest = rest.subarray(cut);
    first = false;
  }
  out.push((first ? '' : ' ') + rest.toString('utf8'));
  return out.join('\r\n');
}

export function icsCalendar(e: IcsEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Peer Dispatch//Session//EN',
    'CALSCALE:GREGORIAN',
    e.cancelled ? 'METHOD:CANCEL' : 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence ?? 0}`,
    `DTSTAMP:${utc(e.stamp)}`,
    `DTSTART:${utc(e.start)}`,
    `DTEND:${utc(e.end)}`,
    `SUMMARY:${text(e.summary)}`,
    ...(e.description ? [`DESCRIPTION:${text(e.description)}`] : []),
    ...(e.url ? [`URL:${e.url}`] : []),
    ...(e.cancelled ? ['STATUS:CANCELLED'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** "Tue 1 Dec 2026, 18:00–19:00 (Europe/Tallinn)": how a slot reads in messages and pages. */
export function slotText(start: Date, end: Date, timeZone: string, locale = 'en-GB'): string {
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(start);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${day}, ${time.format(start)}–${time.format(end)} (${timeZone})`;
}

/** The same event for both sides: one UID per session, so a new confirmation replaces the old one. */
export function sessionIcs(
  s: { id: string; startsAt: Date | null; endsAt: Date | null },
  sequence: number,
  url: string,
  stamp: Date,
  /** The same UID, a higher sequence and METHOD:CANCEL: calendars remove the event. */
  cancelled = false,
  /** The title and description in the reader's language (the catalogue's labels). */
  words: { summary: string; description: string } = {
    summary: 'Peer support session',
    description: `Your session page: ${url}`,
  },
): string {
  return icsCalendar({
    cancelled,
    uid: `session-${s.id}@peer-dispatch`,
    sequence,
    stamp,
    start: s.startsAt as Date,
    end: s.endsAt as Date,
    summary: words.summary,
    description: words.description,
    url,
  });
}
