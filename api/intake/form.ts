// The help request as a requester submits it (form or JSON), validated with a message per field.
import { z } from 'zod';
import { LANGUAGES, LIVED_EXPERIENCE_LABELS } from '../../domain/vocabulary';
import { SAFETY_ANSWERS, TOPICS } from '../../domain/types';
import { CATALOGS, DEFAULT_LANGUAGE, t } from '../i18n';

/** Messages come from the English catalog (api/i18n/en.json), so each maps back to its key for translation. */
const en = (key: string) => t(DEFAULT_LANGUAGE, key);
import type { Availability } from '../../db';
import { parseAvailability } from './availability-form';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const intakeSchema = z
  .object({
    language: z.enum(Object.keys(LANGUAGES) as [string, ...string[]], { error: en('error.language') }),
    topic: z.enum(TOPICS, { error: en('error.topic') }),
    livedExperience: z.preprocess(
      asArray,
      z.array(
        z.enum(Object.keys(LIVED_EXPERIENCE_LABELS) as [string, ...string[]], {
          error: en('error.livedExperience'),
        }),
      ),
    ),
    email: optionalText.pipe(
      z
        .email({ error: en('error.email') })
        .max(254, { error: en('error.email') })
        .optional(),
    ),
    phone: optionalText.pipe(
      z
        .string()
        .transform((v) => v.replace(/[\s().-]/g, ''))
        .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, { error: en('error.phone') }))
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
): { ok: true; value: IntakeInput } | { ok: false; errors: Record<string, string>; errorKeys: Record<string, string> } {
  const parsed = intakeSchema.safeParse(body ?? {});
  const availability = parseAvailability((body ?? {}) as Record<string, unknown>);
  if (parsed.success && availability.ok)
    return { ok: true, value: { ...parsed.data, availability: availability.value } };
  const errors: Record<string, string> = {};
  const errorKeys: Record<string, string> = {};
  // The availability messages are English only for now (no catalog key): pages show them as they are.
  if (!availability.ok) errors.availability = availability.error;
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    errors[field] = issue.message;
    errorKeys[field] = KEY_OF_MESSAGE.get(issue.message) ?? 'error.generic';
  }
  return { ok: false, errors, errorKeys };
}
