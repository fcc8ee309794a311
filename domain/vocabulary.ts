// The words requesters and counselors see for the stored codes.
import type { Topic } from './types';

export const TOPIC_LABELS: Record<Topic, string> = {
  grief: 'Grief',
  'suicide-safety': 'Suicide and safety planning',
  trauma: 'Trauma',
  addiction: 'Addiction',
  general: 'General support',
};

/** BCP-47 codes the intake offers, with the language's own name. */
export const LANGUAGES: Record<string, string> = {
  en: 'English',
  ru: 'Русский (Russian)',
  et: 'Eesti (Estonian)',
  uk: 'Українська (Ukrainian)',
  es: 'Español (Spanish)',
  de: 'Deutsch (German)',
};

export const LIVED_EXPERIENCE_LABELS: Record<string, string> = {
  recovery: 'Recovery',
  bereavement: 'Bereavement',
  parent: 'Parent',
  lgbtq: 'LGBTQ+',
  migration: 'Migration',
};

/** The language's English name: SMS stay in the GSM-7 alphabet (one segment holds 160 of those characters). */
export const languageName = (code: string): string => {
  const label = LANGUAGES[code] ?? code;
  return /\((.*)\)$/.exec(label)?.[1] ?? label;
};
