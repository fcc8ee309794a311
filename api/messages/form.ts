// The message form of a private thread (a new thread, a reply): the text, trimmed, not empty and not too long.
import { z } from 'zod';
import { fieldErrors, readFields, textField, type FieldErrors } from '../form-fields';

const MAX_BODY = 4000;

const messageFields = z.object({ body: textField });
const messageRules = z.object({
  body: z
    .string()
    .min(1, { error: 'Write a message first' })
    .max(MAX_BODY, { error: `Keep it under ${MAX_BODY} characters` }),
});

/** The message as sent (trimmed; anything but text reads as empty) and, when it cannot be posted, why. */
export function readMessageForm(body: unknown): { body: string; errors: FieldErrors } {
  const values = readFields(messageFields, body);
  return { body: values.body, errors: fieldErrors(messageRules.safeParse(values).error) };
}
