// What a new team and an invitation must look like; the admin command and the pages check the same rules.
import { z } from 'zod';
import { parseRoles, type Role } from '../../domain/roles';
import { parseLanguages } from '../pool/form';
import { DEMO_SLUG } from '../../domain/demo';
import { phoneCountryCode } from '../../domain/phone';

/** A two-letter country whose phone numbering libphonenumber-js knows ("ee" → "EE"). */
export const phoneCountryField = z.string().transform((v, ctx) => {
  const code = phoneCountryCode(v);
  if (code) return code;
  ctx.addIssue({ code: 'custom', message: 'must be a two-letter country code with a phone plan, such as EE or GB' });
  return z.NEVER;
});

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

const name = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { message: `${what} is required` })
    .max(100, { message: `${what} must be at most 100 characters` });
const email = z
  .string({ error: 'an email is required' })
  .trim()
  .toLowerCase()
  .refine((v) => EMAIL_RE.test(v) && v.length <= 254, { message: 'must be a valid email address' });
const roles = z
  .union([z.string(), z.array(z.string())], { error: 'roles are required' })
  .transform((v, ctx): Role[] => {
    const r = parseRoles(v);
    if ('error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.roles;
  });

export const newWorkspaceSchema = z.object({
  name: name('the team name'),
  slug: z
    .string({ error: 'a slug is required' })
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
      message: 'must be 1-40 lower-case letters, digits and dashes (no dash at either end), e.g. "tartu-peers"',
    })
    .refine((s) => s !== DEMO_SLUG, { message: `"${DEMO_SLUG}" is kept for the demo workspace: choose another` }),
  timeZone: z
    .string({ error: 'a time zone is required' })
    .trim()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Tallinn or UTC' }),
  languages: z.string({ error: 'languages are required (codes, comma separated: en,ru)' }).transform((v, ctx) => {
    const parsed = parseLanguages(v);
    if (parsed.error) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.codes;
  }),
  coordinatorEmail: email,
  coordinatorName: name("the coordinator's name"),
  counselorTwoStep: z.boolean().default(true),
  /** National phone formats are read with this country; unset, with the time zone's. */
  phoneCountry: phoneCountryField.optional(),
});
export type NewWorkspace = z.infer<typeof newWorkspaceSchema>;

export const inviteSchema = z.object({
  name: name('their name'),
  email,
  roles,
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const rolesSchema = z.object({ roles });

/** zod's problems as one message per field ("slug: must be ..."). */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
}
