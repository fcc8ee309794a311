// The onboarding forms as pure functions: the invited person's sign-up (accept the invitation), and the counselor's
// phone page (a new number, the code sent to it). What was posted → the values to store, or one message per field.
import type { CountryCode } from 'libphonenumber-js';
import type { Vocabulary } from '../../db';
import { passwordProblem } from '../../domain/password-rule';
import { nationalFormatHint, normalizePhone } from '../../domain/phone';
import { z } from 'zod';
import { checkFields, listField, readFields, textField } from '../form-fields';
import { parseLanguages, type FieldErrors } from './form';

/** The mobile number's message, the same on the sign-up and the phone page. */
const phoneMessage = (country: CountryCode | undefined) =>
  `Enter your mobile number with its country code, like +372 5123 4567${nationalFormatHint(country)}.`;

/** What the sign-up form is checked against: the invitation and the team it joins. */
export interface SignUpContext {
  email: string;
  /** The team's country: national formats are read with it. */
  country: CountryCode | undefined;
  /** Whether the invitation makes a counselor (only they give a profile: languages, specialisms, lived experience). */
  counsels: boolean;
  vocabulary: Vocabulary;
}

const signUpFields = z.object({
  name: textField,
  phone: textField,
  languages: textField,
  specialisms: listField,
  livedExperience: listField,
  // Never trimmed: a space may be part of a password. A copy that is not text differs from any password.
  password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  password2: z.preprocess((v) => (typeof v === 'string' ? v : undefined), z.string().optional()),
});

/**
 * The sign-up's rules: each field's own; the password's copy only once the password itself is good; a profile
 * (languages, specialisms, lived experience) only from those who will counsel.
 */
const signUpRules = (ctx: SignUpContext) =>
  signUpFields.superRefine((v, rc) => {
    const problem = (field: string, message: string) => rc.addIssue({ code: 'custom', path: [field], message });
    if (!v.name || v.name.length > 100) problem('name', 'Enter your name (up to 100 characters).');
    const weak = passwordProblem(v.password, [ctx.email, v.name]);
    if (weak) problem('password', weak);
    else if (v.password2 !== v.password) problem('password2', 'The two passwords differ.');
    if (!normalizePhone(v.phone, ctx.country)) problem('phone', phoneMessage(ctx.country));
    if (!ctx.counsels) return;
    const { error } = parseLanguages(v.languages);
    if (error) problem('languages', error);
    if (v.specialisms.length === 0) problem('specialisms', 'Choose at least one specialism.');
    else if (v.specialisms.some((s) => !(s in ctx.vocabulary.specialisms)))
      problem('specialisms', 'Choose from the list.');
    if (v.livedExperience.some((s) => !(s in ctx.vocabulary.livedExperience)))
      problem('livedExperience', 'Choose from the list.');
  });

/**
 * The sign-up form: what was sent (shown again with the problems, the password never), the password, the number in
 * E.164 and the language codes; one message per field.
 */
export function checkSignUpForm(
  body: unknown,
  ctx: SignUpContext,
): {
  values: { name: string; phone: string; languages: string; specialisms: string[]; livedExperience: string[] };
  password: string;
  phone: string | null;
  languages: string[];
  errors: FieldErrors;
} {
  const { password, password2, ...values } = readFields(signUpFields, body);
  const errors = checkFields(signUpRules(ctx), { ...values, password, password2 });
  return {
    values,
    password,
    phone: normalizePhone(values.phone, ctx.country),
    languages: parseLanguages(values.languages).codes,
    errors,
  };
}

const phoneFields = z.object({ phone: textField });
const codeFields = z.object({ code: textField });

/** The phone page's new number: as sent, in E.164 when it reads as a mobile number, else its message. */
export function checkPhoneForm(
  body: unknown,
  country: CountryCode | undefined,
): { values: { phone: string }; phone: string | null; errors: FieldErrors } {
  const values = readFields(phoneFields, body);
  const phone = normalizePhone(values.phone, country);
  return { values, phone, errors: phone ? {} : { phone: phoneMessage(country) } };
}

const codeRule = z.object({ code: z.string().regex(/^\d{6}$/, { error: 'Enter the 6 digits from the SMS.' }) });

/** The phone page's code: the six digits of the SMS (spaces around them dropped), else its message. */
export function checkPhoneCodeForm(body: unknown): { code: string; errors: FieldErrors } {
  const { code } = readFields(codeFields, body);
  return { code, errors: checkFields(codeRule, { code }) };
}
