// The pool's forms as pure functions: what was posted → the changes to store, or one message per field.
// Shared by the coordinator's profile page, the counselor's availability page and the CSV import.
import type { ProfileChanges, Vocabulary } from '../../db';
import { canonicalTimeZone, isLocalDate } from '../../domain/rota';
import { normalizePhone } from '../../domain/phone';

export type FieldErrors = Record<string, string>;
/** What the form sent back, as text (checkbox groups as lists), so a page with errors shows it again. */
export type FormValues = Record<string, string | string[]>;

export const MAX_CAPACITY = 40;
export const MAX_LANGUAGES = 10;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
export const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

const KNOWN_LANGUAGE = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

const todayUtc = () => new Date().toISOString().slice(0, 10);

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

/** Blank → null (no limit); else a whole number 0..MAX_CAPACITY. */
export function parseCapacity(text: string): { value: number | null; error?: string } {
  if (text === '') return { value: null };
  if (!/^\d+$/.test(text) || Number(text) > MAX_CAPACITY)
    return {
      value: null,
      error: `Enter a whole number of sessions from 0 to ${MAX_CAPACITY}, or leave it blank for no limit.`,
    };
  return { value: Number(text) };
}

/** A YYYY-MM-DD day; `past` refuses days after today (a training cannot be completed tomorrow). */
export function parseDay(
  text: string,
  opts: { required?: boolean; past?: boolean } = {},
): { value: string | null; error?: string } {
  if (text === '') return opts.required ? { value: null, error: 'Enter a date (YYYY-MM-DD).' } : { value: null };
  if (!isLocalDate(text)) return { value: null, error: 'Enter a real date as YYYY-MM-DD, for example 2026-03-01.' };
  if (opts.past && text > todayUtc()) return { value: null, error: 'This date is in the future.' };
  return { value: text };
}

/** Quiet hours, time zone and the SMS channel: the part of a profile a counselor edits for themselves. */
export function parseAvailability(body: Record<string, unknown>): {
  changes: ProfileChanges;
  errors: FieldErrors;
  values: FormValues;
} {
  const values: FormValues = {
    capacity: str(body.capacity),
    quietStart: str(body.quietStart),
    quietEnd: str(body.quietEnd),
    timeZone: str(body.timeZone),
    sms: str(body.sms) === 'on' ? 'on' : '',
  };
  const errors: FieldErrors = {};
  const changes: ProfileChanges = {};
  const capacity = parseCapacity(values.capacity as string);
  if (capacity.error) errors.capacity = capacity.error;
  else changes.capacityPerWeek = capacity.value;
  const [qs, qe] = [values.quietStart as string, values.quietEnd as string];
  if (qs === '' && qe === '') {
    changes.quietStart = null;
    changes.quietEnd = null;
  } else {
    if (!TIME_RE.test(qs))
      errors.quietStart = 'Enter a time as HH:MM (24-hour), for example 22:00, or leave both blank.';
    if (!TIME_RE.test(qe)) errors.quietEnd = 'Enter a time as HH:MM (24-hour), for example 07:00, or leave both blank.';
    if (!errors.quietStart && !errors.quietEnd && qs === qe) errors.quietEnd = 'The end must differ from the start.';
    if (!errors.quietStart && !errors.quietEnd) {
      changes.quietStart = qs;
      changes.quietEnd = qe;
    }
  }
  const zone = canonicalTimeZone(values.timeZone as string);
  if (!zone) errors.timeZone = 'Choose a time zone, for example Europe/Tallinn.';
  else changes.timeZone = zone;
  // Email always reaches them (it is how they signed in); SMS they can switch off.
  changes.channels = values.sms === 'on' ? ['sms', 'email'] : ['email'];
  return { changes, errors, values };
}

/** Everything a coordinator edits on a profile: the availability part plus languages, specialisms and training. */
export function parseCoordinatorProfile(
  body: Record<string, unknown>,
  vocabulary: Vocabulary,
): {
  changes: ProfileChanges;
  contact: { name: string; phone: string | null };
  errors: FieldErrors;
  values: FormValues;
} {
  const { changes, errors, values } = parseAvailability(body);
  Object.assign(values, { name: str(body.name), phone: str(body.phone) });
  const contact = { name: values.name as string, phone: null as string | null };
  if (!contact.name || contact.name.length > 100) errors.name = 'Enter their name (up to 100 characters).';
  if (values.phone) {
    contact.phone = normalizePhone(values.phone as string);
    if (!contact.phone)
      errors.phone = 'Enter the mobile number with its country code, like +372 5123 4567, or leave it blank.';
  }
  Object.assign(values, {
    languages: str(body.languages),
    specialisms: list(body.specialisms),
    livedExperience: list(body.livedExperience),
    qualifiedOn: str(body.qualifiedOn),
    programmeTrainedOn: str(body.programmeTrainedOn),
    active: str(body.active) === 'on' ? 'on' : '',
  });
  const languages = parseLanguages(values.languages as string);
  if (languages.error) errors.languages = languages.error;
  else changes.languages = languages.codes;
  const specialisms = values.specialisms as string[];
  if (specialisms.length === 0) errors.specialisms = 'Choose at least one specialism.';
  else if (specialisms.some((s) => !(s in vocabulary.specialisms))) errors.specialisms = 'Choose from the list.';
  else changes.specialisms = specialisms;
  const lived = values.livedExperience as string[];
  if (lived.some((s) => !(s in vocabulary.livedExperience))) errors.livedExperience = 'Choose from the list.';
  else changes.livedExperience = lived;
  for (const field of ['qualifiedOn', 'programmeTrainedOn'] as const) {
    const d = parseDay(values[field] as string, { past: true });
    if (d.error) errors[field] = d.error;
    else changes[field] = d.value;
  }
  changes.active = values.active === 'on';
  return { changes, contact, errors, values };
}

/** An away period: both days included; it may start today but not end in the past. */
export function parseAway(body: Record<string, unknown>): {
  away?: { fromOn: string; untilOn: string };
  errors: FieldErrors;
  values: FormValues;
} {
  const values = { fromOn: str(body.fromOn), untilOn: str(body.untilOn) };
  const errors: FieldErrors = {};
  const from = parseDay(values.fromOn, { required: true });
  const until = parseDay(values.untilOn, { required: true });
  if (from.error) errors.fromOn = from.error;
  if (until.error) errors.untilOn = until.error;
  if (!errors.untilOn && until.value! < todayUtc()) errors.untilOn = 'This day has passed.';
  if (!errors.fromOn && !errors.untilOn && until.value! < from.value!)
    errors.untilOn = 'The last day must not be before the first.';
  if (Object.keys(errors).length) return { errors, values };
  return { away: { fromOn: from.value!, untilOn: until.value! }, errors, values };
}

export function parseCertification(body: Record<string, unknown>): {
  certification?: { name: string; expiresOn: string };
  errors: FieldErrors;
  values: FormValues;
} {
  const values = { certName: str(body.certName), expiresOn: str(body.expiresOn) };
  const errors: FieldErrors = {};
  if (values.certName === '' || values.certName.length > 80)
    errors.certName = 'Enter the certification’s name (up to 80 characters).';
  const d = parseDay(values.expiresOn, { required: true });
  if (d.error) errors.expiresOn = d.error;
  if (Object.keys(errors).length) return { errors, values };
  return { certification: { name: values.certName, expiresOn: d.value! }, errors, values };
}

export function parseSignoff(body: Record<string, unknown>): {
  sessionOn?: string;
  errors: FieldErrors;
  values: FormValues;
} {
  const values = { sessionOn: str(body.sessionOn) };
  const d = parseDay(values.sessionOn, { required: true, past: true });
  return d.error ? { errors: { sessionOn: d.error }, values } : { sessionOn: d.value!, errors: {}, values };
}

export const MAX_REASON = 120;
export function parsePauseReason(
  body: Record<string, unknown>,
  fallback?: string,
): { reason?: string; errors: FieldErrors; values: FormValues } {
  const values = { reason: str(body.reason) };
  const reason = values.reason || fallback || '';
  if (reason === '' || reason.length > MAX_REASON)
    return { errors: { reason: `Give a short reason (up to ${MAX_REASON} characters).` }, values };
  return { reason, errors: {}, values };
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

export function parseRequiredSupervised(text: string): { value?: number; error?: string } {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 50)
    return { error: 'Enter a whole number of supervised sessions from 1 to 50.' };
  return { value: Number(text) };
}
