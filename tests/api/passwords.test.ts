// Passwords: one rule everywhere a password is set (at least 12 characters, not guessable from the common and
// leaked password lists zxcvbn-ts ships), and changing it while signed in, which ends every other session.
import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../../domain/password-rule';
import { getPage, postForm } from '../helpers/forms';
import { createStaff, createWorkspace, loginSession, TEST_PASSWORD, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });

it('refuses short, common and personal passwords, and takes long unusual ones', () => {
  expect(passwordProblem('short')).toMatch(/at least 12 characters/);
  for (const weak of ['password1234', '123456789012', 'qwertyuiop123', 'iloveyou2024!'])
    expect({ weak, problem: passwordProblem(weak) }).toEqual({
      weak,
      problem: expect.stringMatching(/too easy to guess/),
    });
  expect(passwordProblem('maasikasmaasikas', ['mari.maasikas@example.org'])).toMatch(/too easy to guess/);
  expect(passwordProblem('a long and unusual passphrase')).toBeUndefined();
  expect(passwordProblem(TEST_PASSWORD)).toBeUndefined();
});

it('changes the password while signed in: the current one first, the rule, and every other session ends', async () => {
  const ws = await createWorkspace(stack.stores);
  const user = await createStaff(stack.stores, ws, 'lead');
  const here = await loginSession(stack.baseUrl, user.email);
  const elsewhere = await loginSession(stack.baseUrl, user.email);
  const url = `${stack.baseUrl}/settings/password`;
  expect((await getPage(url, here)).status).toBe(200);

  const before = await stack.db('users').where({ id: user.id }).first('password_hash');
  const refused: [Record<string, string>, RegExp][] = [
    [
      {
        current: 'not my password',
        password: 'a long and unusual passphrase',
        confirm: 'a long and unusual passphrase',
      },
      /current password is not right/,
    ],
    [{ current: TEST_PASSWORD, password: 'password1234', confirm: 'password1234' }, /too easy to guess/],
    [{ current: TEST_PASSWORD, password: 'short', confirm: 'short' }, /at least 12 characters/],
    [
      { current: TEST_PASSWORD, password: 'a long and unusual passphrase', confirm: 'something else entirely' },
      /not the same/,
    ],
    [{ current: TEST_PASSWORD, password: TEST_PASSWORD, confirm: TEST_PASSWORD }, /different from the current one/],
  ];
  for (const [fields, message] of refused) {
    const res = await postForm(url, here, fields);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect(await stack.db('users').where({ id: user.id }).first('password_hash')).toEqual(before);
    expect((await getPage(`${stack.baseUrl}/board`, elsewhere)).status).toBe(200);
  }

  const next = `new ${randomBytes(4).toString('hex')} harbour lantern`;
  const ok = await postForm(url, here, { current: TEST_PASSWORD, password: next, confirm: next });
  expect(ok.status).toBe(303);
  expect((await getPage(`${stack.baseUrl}/board`, here)).status).toBe(200);
  expect((await getPage(`${stack.baseUrl}/board`, elsewhere)).status).toBe(303);
  await expect(loginSession(stack.baseUrl, user.email)).rejects.toThrow(/login failed/);
  expect((await loginSession(stack.baseUrl, user.email, next)).cookie).toMatch(/^sid=/);
  const audited = await stack.db('audit_log').where({ subject_id: user.id, action: 'user.password_changed' }).first();
  expect(audited).toBeTruthy();
});

it('refuses a common password on the set-up link and on an invitation, changing nothing', async () => {
  const ws = await createWorkspace(stack.stores);
  const user = await createStaff(stack.stores, ws, 'coordinator');
  const token = await stack.stores.accounts.mintPasswordReset(user.id);
  const form = await fetch(`${stack.baseUrl}/reset-password/${token}`);
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${stack.baseUrl}/reset-password/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ password: 'password1234', confirm: 'password1234', _csrf: csrf }),
  });
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/too easy to guess/);
  expect(await stack.stores.accounts.resetLinkState(token)).toBe('valid');

  const invitation = await stack.stores.onboarding.createInvitation({
    workspaceId: ws.id,
    email: `weak-${randomBytes(3).toString('hex')}@example.org`,
    name: 'Weak',
    invitedBy: user.id,
    roles: ['lead'],
  });
  const inviteToken = await stack.stores.onboarding.mintInviteToken(invitation.id);
  const join = await fetch(`${stack.baseUrl}/invite/${inviteToken}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      name: 'Weak',
      password: 'qwertyuiop123',
      password2: 'qwertyuiop123',
      phone: '+372 5123 4567',
    }),
  });
  expect(join.status).toBe(400);
  expect(await join.text()).toMatch(/too easy to guess/);
  expect(await stack.stores.accounts.findUserIdByEmail(invitation.email)).toBeUndefined();
});
