// The help request as a requester submits it (form or JSON), validated with a message per field.
import { z } from 'zod';
import { LANGUAGES, LIVED_EXPERIENCE_LABELS } from '../db/vocabulary';
import { SAFETY_ANSWERS, TOPICS } from '../db/types';
import type { Availability } from '../db';
import { parseAvailability } from './availability-schema';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

export const intakeSchema = z
  .object({
    language: z.enum(Object.keys(LANGUAGES) as [string, ...string[]], { error: 'Choose a language from the list' }),
    topic: z.enum(TOPICS, { error: 'Choose what you would like support with' }),
    livedExperience: z.preprocess(
      asArray,
      z.array(
        z.enum(Object.keys(LIVED_EXPERIENCE_LABELS) as [string, ...string[]], {
          error: 'Choose lived experience from the list',
        }),
      ),
    ),
    email: optionalText.pipe(z.email({ error: 'Enter a valid email address' }).max(254).optional()),
    phone: optionalText.pipe(
      z
        .string()
        .transform((v) => v.replace(/[\s().-]/g, ''))
        .pipe(
          z
            .string()
            .regex(/^\+[1-9]\d{6,14}$/, { error: 'Enter the phone number with its country code, like +372 5123 4567' }),
        )
        .optional(),
    ),
    message: optionalText.pipe(z.string().max(1000, { error: 'Keep the message under 1000 characters' }).optional()),
    safety: z.enum(SAFETY_ANSWERS, { error: 'Please answer whether you are in danger right now' }),
  })
  .refine((v) => v.email || v.phone, {
    message: 'Give an email address or a phone number so a counselor can reach you',
    path: ['contact'],
  });

export type IntakeInput = z.infer<typeof intakeSchema> & { availability?: Availability };

/** Parses an intake body; on failure returns one message per field (the first problem for each). */
export function parseIntake(
  body: unknown,
): { ok: true; value: IntakeInput } | { ok: false; errors: Record<string, string> } {
  const parsed = intakeSchema.safeParse(body ?? {});
  const availability = parseAvailability((body ?? {}) as Record<string, unknown>);
  if (parsed.success && availability.ok)
    return { ok: true, value: { ...parsed.data, availability: availability.value } };
  const errors: Record<string, string> = {};
  if (!availability.ok) errors.availability = availability.error;
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
