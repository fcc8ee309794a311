// The new-password form of both password pages (change while signed in, choose by a reset link): one problem at a
// time, in the order the pages have always checked them, and a body of any shape read as empty fields.
import { firstProblem, newPasswordSchema, readNewPasswordForm } from '../../api/auth/form';

const good = 'a long and unusual passphrase';
const problemOf = (schema: ReturnType<typeof newPasswordSchema>, body: unknown) => {
  const r = schema.safeParse(readNewPasswordForm(body));
  return r.success ? undefined : firstProblem(r.error);
};

it('the reset link: the rule first, then the two copies the same; no current password asked', () => {
  const reset = newPasswordSchema();
  expect(problemOf(reset, { password: 'short', confirm: 'other' })).toMatch(/at least 12 characters/);
  expect(problemOf(reset, { password: good, confirm: `${good}!` })).toBe('The two new passwords are not the same.');
  expect(problemOf(reset, { password: good, confirm: good })).toBeUndefined();
  // A current password sent to the reset page is no business of its rules.
  expect(problemOf(reset, { current: good, password: good, confirm: good })).toBeUndefined();
});

it("the change page: the account's own words are refused, and the new one must differ from the current one", () => {
  const change = newPasswordSchema({ personal: ['zorblatt.quenx@example.org', 'Zorblatt Quenx'], current: true });
  // Strong enough for anyone else (the reset page has no account words), too easy for Zorblatt Quenx.
  const own = { current: 'x', password: 'zorblattquenx', confirm: 'zorblattquenx' };
  expect(problemOf(newPasswordSchema(), own)).toBeUndefined();
  expect(problemOf(change, own)).toMatch(/too easy to guess/);
  expect(problemOf(change, { current: good, password: good, confirm: good })).toBe(
    'Choose a password different from the current one.',
  );
  // The same as the current one is said before a mismatch of the copies.
  expect(problemOf(change, { current: good, password: good, confirm: 'else' })).toMatch(/different from the current/);
  expect(problemOf(change, { current: 'old one', password: good, confirm: good })).toBeUndefined();
});

it('reads a body of any shape as text fields, passwords untrimmed', () => {
  expect(readNewPasswordForm(undefined)).toEqual({ current: '', password: '', confirm: '' });
  expect(readNewPasswordForm(['x'])).toEqual({ current: '', password: '', confirm: '' });
  expect(readNewPasswordForm({ password: 42, confirm: [good] })).toEqual({ current: '', password: '', confirm: '' });
  expect(readNewPasswordForm({ password: ` ${good} ` }).password).toBe(` ${good} `);
});
