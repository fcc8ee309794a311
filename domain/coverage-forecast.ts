// The 14-day coverage forecast: per language x specialism x lived experience and per local day of the team,
// how many counselors could take a request, from what is already known today (away periods, certification
// expiries, capacity left this week, open pauses, training still missing, gone-quiet flags). A combination
// below THIN on a day is a gap; each gap names the counselors who would fit it but for one thing, and that
// thing in words ("Anna needs one more supervised session to go live", "Boris is back on Mon 14 Dec").
// Pure: the page and the daily digest both call it over a pool the stores built.

import { addDays } from './rota';
import { languageName } from './vocabulary';

export const FORECAST_DAYS = 14;
/** The same line as today's coverage: fewer than this on a day and one absence leaves nobody. */
export const FORECAST_THIN_BELOW = 2;

export interface ForecastCounselor {
  id: string;
  name: string;
  /** Inactive counselors stepped back on purpose: they are neither counted nor proposed. */
  active: boolean;
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  capacityPerWeek: number | null;
  /** Sessions already taken in the current week (Monday to Sunday), the count the match compares. */
  sessionsThisWeek: number;
  qualified: boolean;
  programmeTrained: boolean;
  supervisedDone: number;
  supervisedRequired: number;
  /** expiresOn: YYYY-MM-DD, the last valid day. */
  certifications: { name: string; expiresOn: string }[];
  /** Local dates, both included. */
  away: { fromOn: string; untilOn: string }[];
  /** The reason of an open pause (debrief, coordinator, self); null when not paused. */
  pausedFor: string | null;
  goneQuiet: boolean;
}

export interface ForecastCombination {
  language: string;
  specialism: string;
  /** A lived-experience tag the requester asks for; null: no preference. */
  lived: string | null;
}

/** The wording of what would let a counselor take a combination; the catalogue holds the words per language. */
export type CloserWording =
  | 'training'
  | 'certification-expired'
  | 'certification-last-day'
  | 'away'
  | 'paused'
  | 'gone-quiet'
  | 'capacity-none'
  | 'capacity-full';

/**
 * What would change one counselor's "cannot take it", as values for the catalogue's words (one place for the page
 * and the digest, in the reader's language: notifications/catalogue/pool-words.ts `closerText`). Days are YYYY-MM-DD.
 */
export interface Closer {
  wording: CloserWording;
  /** Full name, and the first name for the sentences that address them ("a word with Eve"). */
  name: string;
  who: string;
  day?: string;
  certification?: string;
  used?: number;
  capacity?: number;
  pausedFor?: string;
  /** The training steps still missing (wording 'training'). */
  needsQualification?: boolean;
  needsProgramme?: boolean;
  supervisedMissing?: number;
}

/** Why one counselor who fits a combination cannot take it on a day; `closer` says what would change that. */
export interface Blocker {
  kind: 'training' | 'certification' | 'away' | 'paused' | 'capacity' | 'gone-quiet';
  closer: Closer;
}

export interface ForecastGap {
  combination: ForecastCombination;
  /** The local days it is thin, in order. */
  days: string[];
  /** The fewest counselors on any of those days. */
  lowest: number;
  /** Today it is covered: the gap opens later in the window (what the digest announces). */
  opens: boolean;
  /** One line per counselor who would fit but for one thing, most useful first. */
  closers: { counselorId: string; name: string; closer: Closer; kind: Blocker['kind'] }[];
}

export interface CoverageForecast {
  days: string[];
  rows: { combination: ForecastCombination; counts: number[] }[];
  gaps: ForecastGap[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const parse = (d: string) => new Date(`${d}T00:00:00Z`);

/** "Mon 14 Dec": short enough for a phone, unambiguous inside a fortnight. */
export function dayLabel(d: string): string {
  const x = parse(d);
  return `${WEEKDAYS[x.getUTCDay()]} ${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]}`;
}

/** The team's calendar date at `now` in its time zone. */
export function localToday(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The Monday of the week a calendar date is in: capacity counts Monday to Sunday. */
const mondayOf = (d: string) => addDays(d, -((parse(d).getUTCDay() + 6) % 7));

const firstName = (name: string) => name.split(' ')[0] || name;

/**
 * What keeps one counselor from taking a request on a day, first blocker only (the one to work on first), or
 * null when they could take it. Training comes first: no other fix makes someone who is not live matchable.
 */
export function blockerOn(c: ForecastCounselor, day: string, today: string): Blocker | null {
  const named = { name: c.name, who: firstName(c.name) };
  const missing = Math.max(0, c.supervisedRequired - c.supervisedDone);
  if (!c.qualified || !c.programmeTrained || missing > 0) {
    return {
      kind: 'training',
      closer: {
        wording: 'training',
        ...named,
        needsQualification: !c.qualified,
        needsProgramme: !c.programmeTrained,
        supervisedMissing: missing,
      },
    };
  }
  const lapsed = c.certifications.filter((x) => x.expiresOn < day).sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : 1));
  if (lapsed.length) {
    const x = lapsed[0];
    return {
      kind: 'certification',
      closer: {
        wording: x.expiresOn < today ? 'certification-expired' : 'certification-last-day',
        ...named,
        certification: x.name,
        day: x.expiresOn,
      },
    };
  }
  const away = c.away.filter((a) => a.fromOn <= day && day <= a.untilOn);
  if (away.length) {
    // Back the day after the latest of the overlapping or adjoining periods ends.
    let back = addDays(
      away
        .map((a) => a.untilOn)
        .sort()
        .pop()!,
      1,
    );
    for (let moved = true; moved;) {
      moved = false;
      for (const a of c.away)
        if (a.fromOn <= back && back <= a.untilOn) {
          back = addDays(a.untilOn, 1);
          moved = true;
        }
    }
    return { kind: 'away', closer: { wording: 'away', ...named, day: back } };
  }
  if (c.pausedFor) return { kind: 'paused', closer: { wording: 'paused', ...named, pausedFor: c.pausedFor } };
  if (c.goneQuiet) return { kind: 'gone-quiet', closer: { wording: 'gone-quiet', ...named } };
  if (c.capacityPerWeek !== null) {
    const sameWeek = mondayOf(day) === mondayOf(today);
    const used = sameWeek ? c.sessionsThisWeek : 0;
    if (used >= c.capacityPerWeek)
      return {
        kind: 'capacity',
        closer:
          c.capacityPerWeek === 0
            ? { wording: 'capacity-none', ...named }
            : {
                wording: 'capacity-full',
                ...named,
                used,
                capacity: c.capacityPerWeek,
                day: addDays(mondayOf(today), 7),
              },
      };
  }
  return null;
}

export const fits = (c: ForecastCounselor, k: ForecastCombination): boolean =>
  c.languages.includes(k.language) &&
  c.specialisms.includes(k.specialism) &&
  (k.lived === null || c.livedExperience.includes(k.lived));

/** Every combination of the given dimensions: no lived-experience preference first, then each tag. */
export function combinations(languages: string[], specialisms: string[], lived: string[]): ForecastCombination[] {
  return languages.flatMap((language) =>
    specialisms.flatMap((specialism) => [
      { language, specialism, lived: null },
      ...lived.map((l) => ({ language, specialism, lived: l })),
    ]),
  );
}

// Closers that people can act on come first; waiting for someone's return is the last resort.
const CLOSER_ORDER: Blocker['kind'][] = ['training', 'certification', 'paused', 'gone-quiet', 'capacity', 'away'];

export function coverageForecast(
  pool: ForecastCounselor[],
  wanted: ForecastCombination[],
  now: Date,
  timeZone: string,
  days = FORECAST_DAYS,
): CoverageForecast {
  const today = localToday(now, timeZone);
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, i));
  const people = pool.filter((c) => c.active);
  // One verdict per counselor and day, shared by every combination they fit.
  const verdicts = new Map(people.map((c) => [c.id, dayList.map((d) => blockerOn(c, d, today))]));

  const rows: CoverageForecast['rows'] = [];
  const gaps: ForecastGap[] = [];
  for (const combination of wanted) {
    const fitting = people.filter((c) => fits(c, combination));
    const counts = dayList.map((_, i) => fitting.filter((c) => verdicts.get(c.id)![i] === null).length);
    rows.push({ combination, counts });
    const thin = dayList.filter((_, i) => counts[i] < FORECAST_THIN_BELOW);
    if (thin.length === 0) continue;
    const closers = new Map<string, ForecastGap['closers'][number]>();
    dayList.forEach((_, i) => {
      if (counts[i] >= FORECAST_THIN_BELOW) return;
      for (const c of fitting) {
        const b = verdicts.get(c.id)![i];
        if (b && !closers.has(c.id))
          closers.set(c.id, { counselorId: c.id, name: c.name, closer: b.closer, kind: b.kind });
      }
    });
    gaps.push({
      combination,
      days: thin,
      lowest: Math.min(...counts),
      opens: counts[0] >= FORECAST_THIN_BELOW,
      closers: [...closers.values()].sort(
        (a, b) => CLOSER_ORDER.indexOf(a.kind) - CLOSER_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
      ),
    });
  }
  return { days: dayList, rows, gaps };
}

/** The team's words for its specialisms and lived-experience tags, by code. */
export interface CombinationLabels {
  specialisms: Record<string, string>;
  livedExperience: Record<string, string>;
}

/** "Russian · Grief and loss · lived experience: bereavement": the combination in words. */
export function combinationText(
  k: ForecastCombination,
  labels: CombinationLabels,
  /** The lived-experience part in the reader's language (the digest's catalogue); the page's English otherwise. */
  livedText: (tag: string) => string = (tag) => `lived experience: ${tag}`,
): string {
  const parts = [languageName(k.language), labels.specialisms[k.specialism] ?? k.specialism];
  if (k.lived) parts.push(livedText(labels.livedExperience[k.lived] ?? k.lived));
  return parts.join(' · ');
}
