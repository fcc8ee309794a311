// What the sign-in forms accept: the password step (email and password, as sent), the forgot-password email, the
// second step's code; the two-step setup's 6-digit code from an authenticator app (spaces allowed, as apps show
// "123 456"), the team's setting for counselors; and the new-password form of both password pages.
import { z } from 'zod';
import { passwordProblem } from '../../domain/password-rule';
import { readFields } from '../form-fields';

export const totpCodeSchema = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code your app shows.' })
    .transform((v) => v.replace(/\s/g, ''))
    .refine((v) => /^\d{6}$/.test(v), { message: 'Enter the 6-digit code your app shows (digits only).' }),
});

export const counselorTwoStepSchema = z.object({
  counselorTwoStep: z.enum(['on', 'off'], { error: 'Choose on or off.' }),
});

/** The first problem's message (these forms have one field each). */
export const firstProblem = (error: z.ZodError): string => error.issues[0]?.message ?? 'That was not understood.';

/** A posted text as sent, cut at `max` characters; anything else (absent, repeated, not text) reads as empty. */
const sentText = (max?: number) => z.preprocess((v) => (typeof v === 'string' ? v.slice(0, max) : ''), z.string());

/** The email of the sign-in and forgot-password forms, as sent (the lookup is exact), read up to 320 characters. */
const emailText = sentText(320);

/** A posted password as typed (never trimmed: a space may be part of it), read up to 1024 characters; else empty. */
const passwordText = sentText(1024);

const newPasswordFields = z.object({ current: passwordText, password: passwordText, confirm: passwordText });

/** The new-password form's fields as sent, before any rule (the change page checks the current password first). */
export const readNewPasswordForm = (body: unknown): z.infer<typeof newPasswordFields> =>
  readFields(newPasswordFields, body);

/**
 * The new-password form (api/auth/new-password-view.ts) of the change-password page and the reset link: the one
 * password rule (with the account's own words when known), then, where the page asks for the current password,
 * a new one that differs from it, then the two copies the same. One problem at a time, the first that applies.
 */
export const newPasswordSchema = (opts: { personal?: string[]; current?: boolean } = {}) =>
  newPasswordFields.superRefine((v, ctx) => {
    const problem =
      passwordProblem(v.password, opts.personal) ??
      (opts.current && v.password === v.current
        ? 'Choose a password different from the current one.'
        : v.password !== v.confirm
          ? 'The two new passwords are not the same.'
          : undefined);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

const signInFields = z.object({ email: emailText, password: passwordText });
const emailFields = z.object({ email: emailText });
// Read up to 64 characters: a six-digit code or a recovery code ("abcd-efgh") with the spaces people add.
const codeFields = z.object({ code: sentText(64) });

/** The sign-in form: the email (up to 320 characters) and the password (up to 1024), as sent; else empty. */
export const readSignInForm = (body: unknown): z.infer<typeof signInFields> => readFields(signInFields, body);

/** The forgot-password form: the email (up to 320 characters) as sent; else empty. */
export const readEmailForm = (body: unknown): z.infer<typeof emailFields> => readFields(emailFields, body);

/**
 * A code form (the sign-in's second step, the settings page's confirm): the code as sent (up to 64 characters),
 * else empty; what a code must look like is the check's business (a recovery code is not six digits, and spaces
 * are dropped there).
 */
export const readCodeForm = (body: unknown): z.infer<typeof codeFields> => readFields(codeFields, body);
