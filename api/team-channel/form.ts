// The team channel's post and reply form: the text, trimmed, not empty, not too long, and holding no email
// address or phone number (the whole team reads the channel: no requester details belong there).
import { z } from 'zod';
import { holdsContact } from '../../domain/redact';
import { readFields, textField } from '../form-fields';

const MAX_BODY = 4000;

const postFields = z.object({ body: textField });
const postRules = z.object({
  body: z
    .string()
    .min(1, { error: 'Write something first' })
    .max(MAX_BODY, { error: `Keep it under ${MAX_BODY} characters` })
    .refine((s) => !holdsContact(s), {
      error:
        'Take out the email address or phone number: the whole team reads this channel, and no requester details belong here',
    }),
});

/** The post as sent (trimmed; anything but text reads as empty) and, when it cannot be posted, why. */
export function readPostForm(body: unknown): { body: string; error: string | null } {
  const values = readFields(postFields, body);
  return { body: values.body, error: postRules.safeParse(values).error?.issues[0]?.message ?? null };
}
