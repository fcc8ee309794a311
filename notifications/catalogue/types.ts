// The shape of one language file of the catalogue: every message the product sends, and the words those
// messages are filled with (topic names, the urgent marker, the calendar entry's title).
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
}
