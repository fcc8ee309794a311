// The shape of one language file of the catalogue: every message the product sends, and the words those
// messages are filled with (topic names, the urgent marker, the calendar entry's title).
import type { HardCategory } from '../../domain/aftercare';
import type { CloserWording } from '../../domain/coverage-forecast';
import type { FlagWording } from '../../domain/pool-health';
import type { Topic } from '../../domain/types';

export interface Template {
  subject?: string;
  body: string;
}

export interface Labels {
  /** Topic names as written in emails and pages. */
  topics: Record<Topic, string>;
  /** Topic names as written in SMS (GSM-7 safe, so an offer fits one segment). */
  smsTopics: Record<Topic, string>;
  /** What a lock screen shows instead of a sensitive topic when the team keeps them discreet. */
  discreetTopic: string;
  /** Request languages named in SMS (GSM-7 safe); a code missing here is named by its own name. */
  smsLanguages: Record<string, string>;
  /** Request languages named in emails. */
  languages: Record<string, string>;
  urgentSms: string;
  urgentEmail: string;
  /** Hard-session categories; the discreet form is what a lock screen shows. */
  hardCategories: Record<string, string>;
  discreetHardCategory: string;
  /** The alert reasons, as staff read them. */
  alertReasons: Record<string, string>;
  alertAckHint: string;
  /** The SMS reply that confirms first contact, after the link of the reminder (" Or reply C{code}."). */
  contactCodeLine: string;
  /** "Lived experience: {list}" line of an offer email, and the SMS reply-code line. */
  livedLine: string;
  smsReplyLine: string;
  /** How the requester will be contacted ("phone", "email", "phone or email"). */
  byPhone: string;
  byEmail: string;
  byEither: string;
  contactPhone: string;
  contactEmail: string;
  /** The calendar file's title and description. */
  icsSummary: string;
  icsDescription: string;
  /** Locale for dates and times in messages (Intl). */
  dateLocale: string;
  nobodyFlagged: string;
  /**
   * Pool-health flags as the pool page and the daily digest word them (domain/pool-health.ts, worded by
   * `flagText`): {days}, {name}, {day}... per wording; {breakdown} of hard-load is `hardLoadCounts`, joined.
   */
  healthFlags: Record<FlagWording, string>;
  /** One category's count in a hard-load flag ("{n} safeguarding concern"). */
  hardLoadCounts: Record<HardCategory, string>;
  /** A coverage gap's digest line ({combination}, {day}: the first thin day, {lowest}, {closers}). */
  gapLine: string;
  gapNobodyFits: string;
  /** A combination's lived-experience part ("lived experience: {tag}"). */
  gapLived: string;
  /**
   * Who could close a gap, per wording ({name}, {who}: first name, {day}, {certification}, {used}, {capacity},
   * {pausedFor}; 'training' has {steps}, the missing steps from `closerSteps` joined by its `and`).
   */
  gapClosers: Record<CloserWording, string>;
  closerSteps: { qualification: string; programme: string; supervisedOne: string; supervisedMany: string; and: string };
  /** The digest's coverage-forecast paragraph: its heading ({url}: the forecast page) and the line when no gap opens. */
  forecastOpening: string;
  forecastNoGap: string;
  /** After a flagged counselor's line in the digest: the link to write to them, and who already did. */
  reachOutLink: string;
  reachedOut: string;
  /**
   * The gentle opening a coordinator gets pre-filled (and edits) when writing to a flagged counselor, per pool-health
   * flag kind ({name}: the counselor's first name); `default` for a kind without its own.
   */
  reachOutOpenings: Record<string, string>;
}
