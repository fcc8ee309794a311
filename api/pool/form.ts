// The pool's forms as pure functions: what was posted → the changes to store, or one message per field.
// Shared by the coordinator's profile page, the counselor's availability page and the CSV import. Each form is
// read with zod twice over: a reader (every field as trimmed text or a list, so a page with errors shows what was
// sent) and rules (each field's own, then those across fields; the first problem of a field is the one shown).
import { z } from 'zod';
import type { ProfileChanges, Vocabulary } from '../../db';
import { canonicalTimeZone, isLocalDate } from '../../domain/rota';
import type { CountryCode } from 'libphonenumber-js';
import { nationalFormatHint, normalizePhone } from '../../domain/phone';
import { checkFields, fieldErrors, listField, readFields, textField, type FieldErrors } from '../form-fields';
import { parseRoles, type Role } from '../../domain/roles';

export type { FieldErrors };
/** What the form sent back, as text (checkbox groups as lists), so a page with errors shows it again. */
export type FormValues = Record<string, string | string[]>;

export const MAX_CAPACITY = 40;
export const MAX_CAPACITY_MONTH = 160;
export const MAX_LANGUAGES = 10;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const str = (v: unknown): string => textField.parse(v);
export const list = (v: unknown): string[] => listField.parse(v);

const KNOWN_LANGUAGE = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Adds a problem to one field of the form (for the rules across fields). */
const problem = (ctx: z.RefinementCtx, field: string, message: string) =>
  ctx.addIssue({ code: 'custom', path: [field], message });

/**
 * "ru, en-GB" → ['ru', 'en-GB']: well-formed BCP-47 tags (Intl's canonical spelling), several, no repeats.
 * Separated by commas, semicolons or spaces.
 */
export function parseLanguages(text: string): { codes: string[]; error?: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { codes: [], error: 'Enter at least one language code, for example "en" or "ru".' };
  const codes: string[] = [];
  for (const p of parts) {
    let canonical: string;
    try {
      [canonical] = Intl.getCanonicalLocales(p);
    } catch {
      return { codes: [], error: `"${p}" is not a language code (BCP-47, for example "en", "ru" or "pt-BR").` };
    }
    // Well-formed is not enough ("russian" is): the language must be one the platform can name.
    if (!KNOWN_LANGUAGE.of(canonical))
      return { codes: [], error: `"${p}" is not a language code we know (BCP-47, for example "en", "ru" or "pt-BR").` };
    if (!codes.includes(canonical)) codes.push(canonical);
  }
  if (codes.length > MAX_LANGUAGES) return { codes: [], error: `At most ${MAX_LANGUAGES} languages.` };
  return { codes };
}

/** Blank (no limit) or a whole number of sessions 0..max. */
const capacityRule = (max: number) =>
  z.string().refine((s) => s === '' || (/^\d+$/.test(s) && Number(s) <= max), {
    error: `Enter a whole number of sessions from 0 to ${max}, or leave it blank for no limit.`,
  });

/** Blank → null (no limit); else a whole number 0..max (a week's MAX_CAPACITY unless told). */
export function parseCapacity(text: string, max = MAX_CAPACITY): { value: number | null; error?: string } {
  const { capacity: error } = checkFields(z.object({ capacity: capacityRule(max) }), { capacity: text });
  if (error) return { value: null, error };
  return { value: text === '' ? null : Number(text) };
}

/** A YYYY-MM-DD day (blank unless `required`); `past` refuses days after today (a training cannot be completed tomorrow). */
const dayRule = (opts: { required?: boolean; past?: boolean } = {}) =>
  z
    .string()
    .refine((s) => s !== '' || !opts.required, { error: 'Enter a date (YYYY-MM-DD).' })
    .refine((s) => s === '' || isLocalDate(s), { error: 'Enter a real date as YYYY-MM-DD, for example 2026-03-01.' })
    .refine((s) => !opts.past || s === '' || s <= todayUtc(), { error: 'This date is in the future.' });

export function parseDay(
  text: string,
  opts: { required?: boolean; past?: boolean } = {},
): { value: string | null; error?: string } {
  const { day: error } = checkFields(z.object({ day: dayRule(opts) }), { day: text });
  return error ? { value: null, error } : { value: text || null };
}

const availabilityFields = z.object({
  capacity: textField,
  capacityMonth: textField,
  quietStart: textField,
  quietEnd: textField,
  timeZone: textField,
  sms: textField.transform((s) => (s === 'on' ? 'on' : '')),
});
const availabilityRules = z
  .object({
    capacity: capacityRule(MAX_CAPACITY),
    capacityMonth: capacityRule(MAX_CAPACITY_MONTH),
    quietStart: z.string(),
    quietEnd: z.string(),
    timeZone: z
      .string()
      .refine((s) => canonicalTimeZone(s) !== null, { error: 'Choose a time zone, for example Europe/Tallinn.' }),
  })
  .superRefine(({ quietStart: qs, quietEnd: qe }, ctx) => {
    if (qs === '' && qe === '') return; // no quiet hours
    if (!TIME_RE.test(qs))
      problem(ctx, 'quietStart', 'Enter a time as HH:MM (24-hour), for example 22:00, or leave both blank.');
    if (!TIME_RE.test(qe))
      problem(ctx, 'quietEnd', 'Enter a time as HH:MM (24-hour), for example 07:00, or leave both blank.');
    if (TIME_RE.test(qs) && qs === qe) problem(ctx, 'quietEnd', 'The end must differ from the start.');
  });

/** The changes of the fields that passed (a field with a problem changes nothing). */
function availabilityChanges(values: z.infer<typeof availabilityFields>, errors: FieldErrors): ProfileChanges {
  const changes: ProfileChanges = {};
  if (!errors.capacity) changes.capacityPerWeek = values.capacity === '' ? null : Number(values.capacity);
  if (!errors.capacityMonth)
    changes.capacityPerMonth = values.capacityMonth === '' ? null : Number(values.capacityMonth);
  if (!errors.quietStart && !errors.quietEnd) {
    changes.quietStart = values.quietStart || null;
    changes.quietEnd = values.quietEnd || null;
  }
  if (!errors.timeZone) changes.timeZone = canonicalTimeZone(values.timeZone) as string;
  // Email always reaches them (it is how they signed in); SMS they can switch off.
  changes.channels = values.sms === 'on' ? ['sms', 'email'] : ['email'];
  return changes;
}

/** Quiet hours, time zone and the SMS channel: the part of a profile a counselor edits for themselves. */
export function parseAvailability(body: Record<string, unknown>): {
  changes: ProfileChanges;
  errors: FieldErrors;
  values: FormValues;
} {
  const values = availabilityFields.parse(body);
  const errors = checkFields(availabilityRules, values);
  return { changes: availabilityChanges(values, errors), errors, values };
}

const profileFields = availabilityFields.extend({
  name: textField,
  phone: textField,
  languages: textField,
  specialisms: listField,
  livedExperience: listField,
  qualifiedOn: textField,
  programmeTrainedOn: textField,
  active: textField.transform((s) => (s === 'on' ? 'on' : '')),
});
const inVocabulary = (words: Record<string, string>) => (codes: string[]) => codes.every((c) => c in words);
const profileRules = (vocabulary: Vocabulary, country: CountryCode | undefined) =>
  availabilityRules.safeExtend({
    name: z.string().refine((s) => s !== '' && s.length <= 100, { error: 'Enter their name (up to 100 characters).' }),
    phone: z.string().refine((s) => s === '' || !!normalizePhone(s, country), {
      error: `Enter the mobile number with its country code, like +372 5123 4567${nationalFormatHint(country)}, or leave it blank.`,
    }),
    languages: z.string().superRefine((s, ctx) => {
      const { error } = parseLanguages(s);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    }),
    specialisms: z
      .array(z.string())
      .min(1, { error: 'Choose at least one specialism.' })
      .refine(inVocabulary(vocabulary.specialisms), { error: 'Choose from the list.' }),
    livedExperience: z.array(z.string()).refine(inVocabulary(vocabulary.livedExperience), {
      error: 'Choose from the list.',
    }),
    qualifiedOn: dayRule({ past: true }),
    programmeTrainedOn: dayRule({ past: true }),
  });

/** Everything a coordinator edits on a profile: the availability part plus languages, specialisms and training. */
export function parseCoordinatorProfile(
  body: Record<string, unknown>,
  vocabulary: Vocabulary,
  /** The team's country: national formats are read with it. */
  country?: CountryCode,
): {
  changes: ProfileChanges;
  contact: { name: string; phone: string | null };
  errors: FieldErrors;
  values: FormValues;
} {
  const values = profileFields.parse(body);
  const errors = checkFields(profileRules(vocabulary, country), values);
  const changes = availabilityChanges(values, errors);
  const contact = {
    name: values.name,
    phone: values.phone && !errors.phone ? normalizePhone(values.phone, country) : null,
  };
  if (!errors.languages) changes.languages = parseLanguages(values.languages).codes;
  if (!errors.specialisms) changes.specialisms = values.specialisms;
  if (!errors.livedExperience) changes.livedExperience = values.livedExperience;
  for (const field of ['qualifiedOn', 'programmeTrainedOn'] as const) {
    if (!errors[field]) changes[field] = values[field] || null;
  }
  changes.active = values.active === 'on';
  return { changes, contact, errors, values };
}

const awayFields = z.object({ fromOn: textField, untilOn: textField });
const awayRules = z
  .object({
    fromOn: dayRule({ required: true }),
    untilOn: dayRule({ required: true }).refine((s) => !isLocalDate(s) || s >= todayUtc(), {
      error: 'This day has passed.',
    }),
  })
  .superRefine(({ fromOn, untilOn }, ctx) => {
    if (isLocalDate(fromOn) && isLocalDate(untilOn) && untilOn < fromOn)
      problem(ctx, 'untilOn', 'The last day must not be before the first.');
  });

/** An away period: both days included; it may start today but not end in the past. */
export function parseAway(body: Record<string, unknown>): {
  away?: { fromOn: string; untilOn: string };
  errors: FieldErrors;
  values: FormValues;
} {
  const values = awayFields.parse(body);
  const errors = checkFields(awayRules, values);
  if (Object.keys(errors).length) return { errors, values };
  return { away: values, errors, values };
}

const certificationFields = z.object({ certName: textField, expiresOn: textField });
const certificationRules = z.object({
  certName: z
    .string()
    .refine((s) => s !== '' && s.length <= 80, { error: 'Enter the certification’s name (up to 80 characters).' }),
  expiresOn: dayRule({ required: true }),
});

export function parseCertification(body: Record<string, unknown>): {
  certification?: { name: string; expiresOn: string };
  errors: FieldErrors;
  values: FormValues;
} {
  const values = certificationFields.parse(body);
  const errors = checkFields(certificationRules, values);
  if (Object.keys(errors).length) return { errors, values };
  return { certification: { name: values.certName, expiresOn: values.expiresOn }, errors, values };
}

const signoffFields = z.object({ sessionOn: textField });
const signoffRules = z.object({ sessionOn: dayRule({ required: true, past: true }) });

export function parseSignoff(body: Record<string, unknown>): {
  sessionOn?: string;
  errors: FieldErrors;
  values: FormValues;
} {
  const values = signoffFields.parse(body);
  const errors = checkFields(signoffRules, values);
  return errors.sessionOn ? { errors, values } : { sessionOn: values.sessionOn, errors, values };
}

export const MAX_REASON = 120;
const REASON_MESSAGE = `Give a short reason (up to ${MAX_REASON} characters).`;
const pauseRules = z.object({
  reason: z.string().min(1, { error: REASON_MESSAGE }).max(MAX_REASON, { error: REASON_MESSAGE }),
});
export function parsePauseReason(
  body: Record<string, unknown>,
  fallback?: string,
): { reason?: string; errors: FieldErrors; values: FormValues } {
  const values = { reason: str(body.reason) };
  const reason = values.reason || fallback || '';
  const errors = checkFields(pauseRules, { reason });
  return errors.reason ? { errors, values } : { reason, errors, values };
}

/** "Peer support for parents" → "peer-support-for-parents": the code a workspace-defined word is stored under. */
export function vocabularyCode(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

const SUPERVISED_MESSAGE = 'Enter a whole number of supervised sessions from 1 to 50.';
const supervisedRules = z.object({
  requiredSupervised: z
    .string()
    .regex(/^\d+$/, { error: SUPERVISED_MESSAGE })
    .refine((s) => Number(s) >= 1 && Number(s) <= 50, { error: SUPERVISED_MESSAGE }),
});

export function parseRequiredSupervised(text: string): { value?: number; error?: string } {
  const { requiredSupervised: error } = checkFields(supervisedRules, { requiredSupervised: text });
  return error ? { error } : { value: Number(text) };
}

export const MAX_WORD_LABEL = 60;

/**
 * A team word's labels in the workspace's other page languages (`label_<lang>` fields): blank ones are left out,
 * so the English name stands in for them.
 */
export function parseWordLabels(
  body: Record<string, unknown>,
  languages: readonly string[],
): { labels: Record<string, string>; errors: FieldErrors; values: FormValues } {
  const labels: Record<string, string> = {};
  const errors: FieldErrors = {};
  const values: FormValues = {};
  for (const lang of languages) {
    const field = `label_${lang}`;
    const value = str(body[field]);
    values[field] = value;
    if (value.length > MAX_WORD_LABEL) errors[field] = `Up to ${MAX_WORD_LABEL} characters.`;
    else if (value) labels[lang] = value;
  }
  return { labels, errors, values };
}

/** The page languages a team word needs a label for besides its English name (the fallback). */
export const otherPageLanguages = (pageLanguages: readonly string[]): string[] =>
  pageLanguages.filter((l) => l !== 'en');

/** An email address as an invitation and the CSV import take it: something@something.tld, no spaces. */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const inviteFields = z.object({
  name: textField,
  email: textField.transform((s) => s.toLowerCase()),
  roles: listField,
  // The form marks that it showed the roles (none ticked is then a mistake); a caller that sends no roles at all
  // invites a counselor, as before roles were asked.
  rolesShown: z.preprocess((v) => Boolean(v), z.boolean()),
});

const inviteRules = z.object({
  roles: z.array(z.string()),
  name: z.string().refine((s) => s !== '' && s.length <= 100, { error: 'Enter their name (up to 100 characters).' }),
  email: z.string().refine((s) => EMAIL_RE.test(s) && s.length <= 254, { error: 'Enter a valid email address.' }),
});

/**
 * The coordinator's invite form: what was sent (shown again with the problems), the roles to give, and one
 * message per field (roles, name, email, in the page's order). Whether the email is free is the store's to say.
 */
export function readInviteForm(body: unknown): {
  values: { name: string; email: string; roles: string[] };
  roles: Role[];
  errors: FieldErrors;
} {
  // A body that is not an object (a JSON array, say) reads as an empty form, as every field does.
  const { rolesShown, ...values } = inviteFields.safeParse(body ?? {}).data ?? inviteFields.parse({});
  const roles = rolesShown || values.roles.length ? parseRoles(values.roles) : { roles: ['counselor' as const] };
  const errors = {
    ...('error' in roles ? { roles: roles.error } : {}),
    ...fieldErrors(inviteRules.safeParse(values).error),
  };
  return { values, roles: 'roles' in roles ? roles.roles : ['counselor'], errors };
}

const wordFields = z.object({ kind: textField, label: textField, update: textField });
const wordRules = z
  .object({ label: z.string(), code: z.string() })
  .refine((w) => w.code !== '' && w.label.length <= MAX_WORD_LABEL, {
    path: ['label'],
    error: `Enter a name (letters or digits, up to ${MAX_WORD_LABEL} characters).`,
  });

/**
 * The team's word form (a specialism or a lived experience): its kind, its English name (which makes its code) and
 * its labels in the team's other page languages; `update` when the page sent it to set the labels of a word already
 * on the list. One message per field.
 */
export function readWordForm(
  body: unknown,
  languages: readonly string[],
): {
  kind: 'specialism' | 'lived-experience';
  code: string;
  label: string;
  update: boolean;
  labels: Record<string, string>;
  values: FormValues;
  errors: FieldErrors;
} {
  const translated = parseWordLabels(readFields(z.record(z.string(), z.unknown()), body), languages);
  const { update, ...fields } = readFields(wordFields, body);
  const values = { ...fields, ...translated.values };
  const code = vocabularyCode(fields.label);
  const errors = { ...translated.errors, ...fieldErrors(wordRules.safeParse({ ...fields, code }).error) };
  const kind = fields.kind === 'lived-experience' ? 'lived-experience' : 'specialism';
  return { kind, code, label: fields.label, update: update !== '', labels: translated.labels, values, errors };
}
