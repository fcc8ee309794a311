// The catalogue: every text the product sends, per language, one file per language (en.ts is the reference;
// a test fails when another file lacks a key). Adding a language is adding its file and one line below.
// A workspace may override any template per language (message_templates, /settings/templates); {name}
// placeholders are filled from the variables given.
import type { Topic } from '../../domain/types';
import { spelledCode } from '../../domain/vocabulary';
import * as en from './en';
import type { MessageKey } from './en';
import * as ru from './ru';
import type { Labels, Template } from './types';

export type { MessageKey } from './en';
export type { Labels, Template } from './types';

interface LanguageFile {
  messages: Record<MessageKey, Template>;
  labels: Labels;
}

/** Every language the catalogue speaks, English first (the fallback). */
export const CATALOGUE: Record<string, LanguageFile> = { en, ru };
export const CATALOGUE_LANGUAGES = Object.keys(CATALOGUE);

export const MESSAGE_KEYS = Object.keys(en.messages) as MessageKey[];

/** The language a reader gets: theirs when the catalogue speaks it, else English. */
export const catalogueLanguage = (language: string | null | undefined): string =>
  language && CATALOGUE[language] ? language : 'en';

export const labelsFor = (language: string): Labels => CATALOGUE[catalogueLanguage(language)].labels;

/** Kept for the settings pages: the default texts by language. */
export const TEMPLATES: Record<string, Record<MessageKey, Template>> = Object.fromEntries(
  Object.entries(CATALOGUE).map(([l, f]) => [l, f.messages]),
);

export function defaultTemplate(key: MessageKey, language: string): Template {
  return CATALOGUE[catalogueLanguage(language)].messages[key];
}

/** Topics a lock screen must not show unless the team has chosen to (issue: discreet by default). */
export const SENSITIVE_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['suicide-safety', 'addiction', 'trauma']);

/**
 * The topic as an SMS or an email subject shows it: a neutral word for a sensitive one when discreet. A team's own
 * specialism counts as sensitive there (a team cannot mark its words, so a lock screen stays safe), and elsewhere
 * reads as its code spelled out (GSM-7 safe).
 */
export function lockScreenTopic(topic: string, language: string, opts: { sms: boolean; discreet: boolean }): string {
  const l = labelsFor(language);
  const builtIn = topic in l.topics;
  if (opts.discreet && (!builtIn || SENSITIVE_TOPICS.has(topic as Topic))) return l.discreetTopic;
  if (!builtIn) return spelledCode(topic);
  return opts.sms ? l.smsTopics[topic as Topic] : l.topics[topic as Topic];
}

/** The request's language named in the reader's language, GSM-7 safe for SMS; its own name otherwise. */
export function smsLanguage(code: string, language: string, englishName: string): string {
  return labelsFor(language).smsLanguages[code] ?? englishName;
}

export const smsUrgent = (language: string): string => labelsFor(language).urgentSms;

export function smsTopic(topic: string, language: string): string {
  return labelsFor(language).smsTopics[topic as Topic] ?? spelledCode(topic);
}

/** Fills {name} placeholders; unknown names become empty, and runs of blank lines collapse. */
export function fill(text: string, vars: Record<string, string | number | undefined>): string {
  return text
    .replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => String(vars[name] ?? ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function render(
  key: MessageKey,
  language: string,
  vars: Record<string, string | number | undefined>,
  override?: Template,
): { subject: string; body: string } {
  const t = override ?? defaultTemplate(key, language);
  return { subject: fill(t.subject ?? '', vars), body: fill(t.body, vars) + (key.endsWith('.email') ? '\n' : '') };
}

/** What an SMS reply says about an accept or decline, whoever answers it (the webhook now, or the inbox drainer later). */
export const REPLY_FOR_RESULT: Record<'won' | 'taken' | 'expired' | 'not-offered' | 'declined', MessageKey> = {
  won: 'reply.won',
  taken: 'reply.taken',
  expired: 'reply.expired',
  'not-offered': 'reply.expired',
  declined: 'reply.declined',
};
