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

/** Which list a workspace's own word extends: specialisms (a request's topic) or lived experience. */
export type VocabularyKind = 'specialism' | 'lived-experience';

/** A word a workspace added to the built-in lists: its English label (the fallback) and a label per other language. */
export interface TeamWord {
  kind: VocabularyKind;
  code: string;
  label: string;
  /** Language code → label; a language not here reads `label`. */
  labels: Record<string, string>;
}

export const teamWordLabel = (word: TeamWord, language: string): string => word.labels[language] || word.label;

/**
 * A team word's code as a reader sees it where the team's label is not at hand (SMS and email texts):
 * "caring-for-parents" → "caring for parents" (codes are a-z, 0-9 and hyphens, so GSM-7 safe).
 */
export const spelledCode = (code: string): string => code.replace(/-/g, ' ');

/**
 * A request's topic in English: the built-in label, else the team word's own label when the caller has the
 * workspace's words at hand, else its code spelled out.
 */
export const topicLabel = (code: string, teamLabels: Record<string, string> = {}): string =>
  TOPIC_LABELS[code as Topic] ?? teamLabels[code] ?? spelledCode(code);
