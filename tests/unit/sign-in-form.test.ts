// The sign-in forms (password, forgot-password, the second step's code and the settings page's confirm): a body of
// any shape reads as the fields sent as text, anything else as empty, so a bad body is a wrong answer (401, or the
// same page again), never a 500; the email and the password are cut at the lengths the pages have always read.
import { readCodeForm, readEmailForm, readSignInForm } from '../../api/auth/form';

it('the sign-in form: email and password as sent (not trimmed: a space may be part of a password)', () => {
  expect(readSignInForm({ email: ' a@example.org ', password: ' pass word ' })).toEqual({
    email: ' a@example.org ',
    password: ' pass word ',
  });
});

it('the sign-in form: missing, non-text or repeated fields read as empty; no body at all too', () => {
  const empty = { email: '', password: '' };
  for (const body of [undefined, null, {}, 'email=a', 42, [], { email: 7, password: true }])
    expect(readSignInForm(body)).toEqual(empty);
  expect(readSignInForm({ email: ['a@example.org', 'b@example.org'], password: { x: 1 } })).toEqual(empty);
  expect(readSignInForm({ email: 'a@example.org', password: null })).toEqual({ email: 'a@example.org', password: '' });
});

it('the sign-in form: an email is read up to 320 characters, a password up to 1024', () => {
  const { email, password } = readSignInForm({ email: 'e'.repeat(400), password: 'p'.repeat(2000) });
  expect(email).toBe('e'.repeat(320));
  expect(password).toBe('p'.repeat(1024));
});

it('the forgot-password form: the email alone, read like the sign-in form', () => {
  expect(readEmailForm({ email: 'a@example.org', password: 'x' })).toEqual({ email: 'a@example.org' });
  expect(readEmailForm({ email: 'e'.repeat(400) })).toEqual({ email: 'e'.repeat(320) });
  for (const body of [undefined, {}, { email: ['a', 'b'] }, { email: 5 }])
    expect(readEmailForm(body)).toEqual({ email: '' });
});

it('the code forms: the code as sent (spaces are for the check to drop), else empty', () => {
  expect(readCodeForm({ code: '123 456' })).toEqual({ code: '123 456' });
  expect(readCodeForm({ code: 'abcd-efgh' })).toEqual({ code: 'abcd-efgh' });
  // A pasted wall of text is read only up to 64 characters (no code is longer).
  expect(readCodeForm({ code: '1'.repeat(30_000) })).toEqual({ code: '1'.repeat(64) });
  for (const body of [undefined, null, {}, { code: 123456 }, { code: ['123456', '654321'] }, { code: {} }])
    expect(readCodeForm(body)).toEqual({ code: '' });
});
