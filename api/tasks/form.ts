// The supervision check-in's form: the message to the counselor, trimmed, not empty and up to 4000 characters.
import { z } from 'zod';
import { readFields, textField } from '../form-fields';

const problem = 'Write the message (up to 4000 characters)';
const checkInFields = z.object({ body: textField });
const checkInRules = z.object({ body: z.string().min(1, { error: problem }).max(4000, { error: problem }) });

/** The message as sent (trimmed; anything but text reads as empty) and, when it cannot be sent, why. */
export function readCheckInForm(body: unknown): { body: string; error: string | null } {
  const values = readFields(checkInFields, body);
  return { body: values.body, error: checkInRules.safeParse(values).error?.issues[0]?.message ?? null };
}
