// The help request as a requester submits it (form or JSON), validated with a message per field.
import { z } from 'zod';
import { LANGUAGES, LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../../domain/vocabulary';
import { SAFETY_ANSWERS } from '../../domain/types';
import { CATALOGS, DEFAULT_LANGUAGE, t } from '../i18n';

/** Messages come from the English catalog (api/i18n/en.json), so each maps back to its key for translation. */
const en = (key: string) => t(DEFAULT_LANGUAGE, key);
import type { Availability } from '../../db';
import { parseAvailability } from './availability-form';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../../domain/phone';
import { fieldErrors } from '../form-fields';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** The codes a request may ask for: the built-in words plus the workspace's own (api/intake/words-service.ts). */
export interface IntakeVocabulary {
  specialisms: readonly string[];
  livedExperience: readonly string[];
}

export const BUILT_IN_INTAKE_VOCABULARY: IntakeVocabulary = {
  specialisms: Object.keys(TOPIC_LABELS),
  livedExperience: Object.keys(LIVED_EXPERIENCE_LABELS),
};

/** Names the word an API client sent that the team does not have, so the client can see which one to fix. */
const UNKNOWN_WORD = "one of this team's";
const unknownWords = (fieldMessage: string, words: string[], list: string) =>
  `${fieldMessage}: ${words.map((w) => JSON.stringify(w)).join(', ')} ${words.length > 1 ? 'are not' : 'is not'} ${UNKNOWN_WORD} ${list}.`;

/** The request's fields; a phone in national format is read with the team's country. */
export const intakeSchemaFor = (
  country: CountryCode | undefined,
  vocabulary: IntakeVocabulary = BUILT_IN_INTAKE_VOCABULARY,
) =>
  z
    .object({
      language: z.enum(Object.keys(LANGUAGES) as [string, ...string[]], { error: en('error.language') }),
      topic: z.string({ error: en('error.topic') }).superRefine((v, ctx) => {
        if (v === '') ctx.addIssue({ code: 'custom', message: en('error.topic') });
        else if (!vocabulary.specialisms.includes(v))
          ctx.addIssue({ code: 'custom', message: unknownWords(en('error.topic'), [v], 'topics') });
      }),
      livedExperience: z.preprocess(
        asArray,
        z.array(z.string({ error: en('error.livedExperience') })).superRefine((v, ctx) => {
          const unknown = v.filter((w) => !vocabulary.livedExperience.includes(w));
          if (unknown.length)
            ctx.addIssue({
              code: 'custom',
              message: unknownWords(en('error.livedExperience'), unknown, 'lived-experience words'),
            });
        }),
      ),
      email: optionalText.pipe(
        z
          .email({ error: en('error.email') })
          .max(254, { error: en('error.email') })
          .optional(),
      ),
      // International (+…) or the team's national format, stored as E.164.
      phone: optionalText.pipe(
        z
          .string()
          .transform((v, ctx) => {
            const e164 = normalizePhone(v, country);
            if (e164) return e164;
            ctx.addIssue({ code: 'custom', message: en('error.phone') });
            return z.NEVER;
          })
          .optional(),
      ),
      message: optionalText.pipe(
        z
          .string()
          .max(1000, { error: en('error.message') })
          .optional(),
      ),
      safety: z.enum(SAFETY_ANSWERS, { error: en('error.safety') }),
    })
    .refine((v) => v.email || v.phone, {
      message: en('error.contact'),
      path: ['contact'],
    });

export const intakeSchema = intakeSchemaFor(undefined);

export type IntakeInput = z.infer<typeof intakeSchema> & { availability?: Availability };

/** The catalog key of each English message (the reverse of en()), for pages in other languages. */
const KEY_OF_MESSAGE = new Map(
  Object.entries(CATALOGS[DEFAULT_LANGUAGE])
    .filter(([key]) => key.startsWith('error.'))
    .map(([key, text]) => [text, key]),
);

/**
 * Parses an intake body; on failure returns one message per field (the first problem for each), in English
 * for the JSON API, and the same as catalog keys (`errorKeys`) for pages that speak another language.
 */
export function parseIntake(
  body: unknown,
  country?: CountryCode,
  /** The workspace's words (built-in plus its own); the built-in ones alone when not given. */
  vocabulary?: IntakeVocabulary,
): { ok: true; value: IntakeInput } | { ok: false; errors: Record<string, string>; errorKeys: Record<string, string> } {
  const parsed = intakeSchemaFor(country, vocabulary).safeParse(body ?? {});
  const availability = parseAvailability((body ?? {}) as Record<string, unknown>);
  if (parsed.success && availability.ok)
    return { ok: true, value: { ...parsed.data, availability: availability.value } };
  // The availability messages are English only for now (no catalog key): pages show them as they are.
  const errors: Record<string, string> = availability.ok ? {} : { availability: availability.error };
  const errorKeys: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(parsed.error))) {
    errors[field] = message;
    // A message naming an unknown word has no catalog text of its own: pages show the field's ("choose from the list").
    errorKeys[field] =
      KEY_OF_MESSAGE.get(message) ?? (message.includes(UNKNOWN_WORD) ? `error.${field}` : 'error.generic');
  }
  return { ok: false, errors, errorKeys };
}
