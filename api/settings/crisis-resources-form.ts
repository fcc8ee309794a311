// The crisis resource form: what a coordinator may add to the list requesters see.
import { z } from 'zod';
import { LANGUAGES } from '../../domain/vocabulary';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v));

export const crisisResourceSchema = z.object({
  name: z.string({ error: 'Give the service a name' }).trim().min(1, { error: 'Give the service a name' }).max(200),
  phone: optional.pipe(
    z
      .string()
      .regex(/^\+?[0-9 ()-]{3,20}$/, { error: 'A phone number, digits and spaces' })
      .nullable(),
  ),
  url: optional.pipe(z.url({ protocol: /^https?$/, error: 'A web address starting with https://' }).nullable()),
  language: optional.pipe(
    z.enum(Object.keys(LANGUAGES) as [string, ...string[]], { error: 'Choose a language' }).nullable(),
  ),
  country: optional.pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'A two-letter country code, like EE' })
      .nullable(),
  ),
  note: optional.pipe(z.string().max(300, { error: 'At most 300 characters' }).nullable()),
  position: z.coerce.number().int().min(0).max(999).default(0),
});
