// What every form read with zod shares: how a posted field is read, and zod's problems as one message per field.
import { z } from 'zod';

/** Problems by form field: the first message for each. */
export type FieldErrors = Record<string, string>;

/** A form field as trimmed text: absent, repeated or not text at all (JSON may send anything) reads as empty. */
export const textField = z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string());

/** A checkbox group: the texts posted under one name (one ticked box arrives as a single string). */
export const listField = z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string'),
  z.array(z.string()),
);

/** The form's fields read from `body`; a body that is no object at all (JSON may send anything) reads as empty fields. */
export const readFields = <T extends z.ZodType>(fields: T, body: unknown): z.infer<T> =>
  fields.safeParse(body ?? {}).data ?? fields.parse({});

/**
 * zod's problems keyed by the field each concerns, the first problem of a field winning (a field's own rule comes
 * before a rule across fields, so the more basic problem is the one shown); a problem of no field is the form's.
 */
export function fieldErrors(error: z.ZodError | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error?.issues ?? []) out[String(issue.path[0] ?? 'form')] ??= issue.message;
  return out;
}

/** The form's values checked by `rules`: nothing when they pass, else one message per field. */
export function checkFields(rules: z.ZodType, values: unknown): FieldErrors {
  return fieldErrors(rules.safeParse(values).error);
}
