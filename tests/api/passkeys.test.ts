// Passkeys over real HTTP, answered by a software authenticator (tests/helpers/soft-authenticator.ts) that the real
// @simplewebauthn/server checks: set up at sign-in, used as the second step, added and removed on the account page,
// and every refusal: a replayed or expired challenge, another origin, another person's passkey, a counter that did
// not grow, and removing the last second step while two-step sign-in is required.
import { Visitor } from '../helpers/cookie-jar';
import { SoftAuthenticator, type SoftPasskey } from '../helpers/soft-authenticator';
import { createCounselor, createStaff, createWorkspace, TEST_PASSWORD, useTestStack } from '../helpers/stack';
import { hashToken, type User, type Workspace } from '../../db';

const stack = useTestStack({ worker: false });
let ws: Workspace;
let device: SoftAuthenticator;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  device = new SoftAuthenticator(stack.baseUrl);
});

const signedIn = async (v: Visitor) => (await v.fetch('/api/session', { json: true })).status === 200;
const actions = async (userId: string) =>
  (await stack.db('audit_log').where({ subject_id: userId }).orderBy('id')).map((r) => r.action as string);

async function optionsFrom(v: Visitor, path: string, csrf: string): Promise<{ challenge: string }> {
  const res = await v.fetch(path, { form: { _csrf: csrf }, json: true });
  expect(res.status).toBe(200);
  return JSON.parse(res.text);
}

/** Someone who must have two-step sign-in and has none makes a passkey right after the password. */
async function setUpWithPasskey(user: User): Promise<{ v: Visitor; passkey: SoftPasskey }> {
  const v = new Visitor(stack.baseUrl);
  const password = await v.signIn(user.email, TEST_PASSWORD, { passwordOnly: true });
  expect(password.location).toBe('/login/two-step');
  const page = await v.fetch('/login/two-step');
  expect(page.text).toContain('data-passkey="register"');
  const csrf = Visitor.csrfIn(page.text);
  const { answer, passkey } = device.register(await optionsFrom(v, '/login/two-step/passkey/options', csrf));
  const done = await v.fetch('/login/two-step/passkey', {
    form: { response: answer, name: ' My  phone ', _csrf: csrf },
  });
  expect(done.status).toBe(200);
  expect(done.text).toContain('Two-step sign-in is on');
  expect(done.text.match(/<li><code>/g)).toHaveLength(10);
  expect(await signedIn(v)).toBe(true);
  return { v, passkey };
}

/** The password, then the second-step page (a passkey first): its CSRF token. */
async function toSecondStep(v: Visitor, user: User): Promise<string> {
  const step = await v.signIn(user.email, TEST_PASSWORD, { passwordOnly: true });
  expect(step.status).toBe(200);
  expect(step.text).toContain('data-passkey="sign-in"');
  expect(step.text).toContain('action="/login/code"');
  return Visitor.csrfIn(step.text);
}

it('sets a passkey up at sign-in, then signs in with it after the password (audited, counter and last use kept)', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const { passkey } = await setUpWithPasskey(coordinator);
  const [stored] = await stack.stores.passkeys.listFor(coordinator.id);
  expect(stored).toMatchObject({ id: passkey.id, name: 'My phone', counter: 0, lastUsedAt: null });

  const v = new Visitor(stack.baseUrl);
  const csrf = await toSecondStep(v, coordinator);
  expect(await signedIn(v)).toBe(false);
  const answer = device.signIn(await optionsFrom(v, '/login/passkey/options', csrf), passkey);
  const ok = await v.fetch('/login/passkey', { form: { response: answer, _csrf: csrf } });
  expect(ok.status).toBe(303);
  expect(ok.location).toBe('/');
  expect(await signedIn(v)).toBe(true);
  const used = await stack.stores.passkeys.get(passkey.id);
  expect(used?.counter).toBe(1);
  expect(used?.lastUsedAt).not.toBeNull();
  expect(await actions(coordinator.id)).toEqual(expect.arrayContaining(['passkey-added', 'passkey-used']));
  const audit = await stack.db('audit_log').where({ subject_id: coordinator.id, action: 'passkey-used' }).first();
  expect(JSON.stringify(audit.detail)).not.toContain(coordinator.email);
});

it('refuses a replayed challenge, an expired one, another origin, another person’s passkey and an old counter', async () => {
  const owner = await createStaff(stack.stores, ws, 'lead', { twoStep: false });
  const other = await createStaff(stack.stores, ws, 'lead', { twoStep: false });
  const { passkey } = await setUpWithPasskey(owner);
  const { passkey: othersPasskey } = await setUpWithPasskey(other);

  const refused = async (v: Visitor, csrf: string, answer: string) => {
    const res = await v.fetch('/login/passkey', { form: { response: answer, _csrf: csrf } });
    expect(res.status).toBe(401);
    expect(res.text).toContain('That passkey did not work');
    // The code step stays open as the fallback.
    expect(res.text).toContain('action="/login/code"');
    expect(await signedIn(v)).toBe(false);
  };

  // Replayed: a ceremony answered once is gone; the same cookie and answer again find nothing.
  const v = new Visitor(stack.baseUrl);
  let csrf = await toSecondStep(v, owner);
  const answer = device.signIn(await optionsFrom(v, '/login/passkey/options', csrf), passkey);
  const ceremony = v.cookies.get('webauthn')!;
  expect((await v.fetch('/login/passkey', { form: { response: answer, _csrf: csrf } })).status).toBe(303);
  const again = new Visitor(stack.baseUrl);
  csrf = await toSecondStep(again, owner);
  again.cookies.set('webauthn', ceremony);
  await refused(again, csrf, answer);

  // Expired: the challenge's five minutes are over.
  const late = device.signIn(await optionsFrom(again, '/login/passkey/options', csrf), passkey);
  await stack
    .db('webauthn_challenges')
    .where({ token_hash: hashToken(again.cookies.get('webauthn')!) })
    .update({ expires_at: new Date(Date.now() - 1000) });
  await refused(again, csrf, late);

  // Another origin (a look-alike site relaying the ceremony).
  const elsewhere = new SoftAuthenticator(stack.baseUrl.replace('127.0.0.1', 'localhost'));
  await refused(again, csrf, elsewhere.signIn(await optionsFrom(again, '/login/passkey/options', csrf), passkey));

  // Another person's passkey, for this person's sign-in.
  await refused(again, csrf, device.signIn(await optionsFrom(again, '/login/passkey/options', csrf), othersPasskey));

  // A counter that did not grow (a cloned authenticator, or a recorded answer).
  const counter = (await stack.stores.passkeys.get(passkey.id))!.counter;
  await refused(again, csrf, device.signIn(await optionsFrom(again, '/login/passkey/options', csrf), passkey, counter));
  expect((await stack.stores.passkeys.get(passkey.id))!.counter).toBe(counter);

  // Without a pending sign-in there are no options at all.
  const stranger = new Visitor(stack.baseUrl);
  const login = await stranger.fetch('/login');
  const none = await stranger.fetch('/login/passkey/options', {
    form: { _csrf: Visitor.csrfIn(login.text) },
    json: true,
  });
  expect(none.status).toBe(409);

  // Each refusal is audited with its reason; the right passkey still works after all of them.
  const reasons = (await stack.db('audit_log').where({ subject_id: owner.id, action: 'passkey-refused' })).map(
    (r) => r.detail.refusal,
  );
  expect(reasons.sort()).toEqual(['counter', 'no-challenge', 'no-challenge', 'not-verified', 'unknown-passkey']);
  const right = device.signIn(await optionsFrom(again, '/login/passkey/options', csrf), passkey);
  expect((await again.fetch('/login/passkey', { form: { response: right, _csrf: csrf } })).status).toBe(303);
  expect(await signedIn(again)).toBe(true);
});

it('refuses a registration answered for another origin or with a spent challenge', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const v = new Visitor(stack.baseUrl);
  await v.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  const page = await v.fetch('/login/two-step');
  const csrf = Visitor.csrfIn(page.text);
  const elsewhere = new SoftAuthenticator('http://evil.example');
  const options = await optionsFrom(v, '/login/two-step/passkey/options', csrf);
  const ceremony = v.cookies.get('webauthn')!;
  const bad = elsewhere.register(options);
  const res = await v.fetch('/login/two-step/passkey', { form: { response: bad.answer, _csrf: csrf } });
  expect(res.status).toBe(400);
  expect(res.text).toContain('No passkey was added');
  // The spent ceremony does not take a good answer either.
  v.cookies.set('webauthn', ceremony);
  const good = device.register(options);
  expect((await v.fetch('/login/two-step/passkey', { form: { response: good.answer, _csrf: csrf } })).status).toBe(400);
  expect(await stack.stores.passkeys.count(coordinator.id)).toBe(0);
  expect(await signedIn(v)).toBe(false);
});

it('adds another passkey on the account page, removes one after a confirmation, and keeps the last one', async () => {
  const lead = await createStaff(stack.stores, ws, 'lead', { twoStep: false });
  const { v, passkey } = await setUpWithPasskey(lead);
  let settings = await v.fetch('/settings/two-factor');
  expect(settings.text).toContain('My phone');
  let csrf = Visitor.csrfIn(settings.text);

  // The last second step of someone who must have one is refused, and nothing changes.
  const confirm = await v.fetch(`/settings/passkeys/${passkey.id}/remove`);
  expect(confirm.status).toBe(200);
  expect(confirm.text).toContain('Remove a passkey?');
  expect(await stack.stores.passkeys.count(lead.id)).toBe(1);
  const last = await v.fetch(`/settings/passkeys/${passkey.id}/remove`, { form: { _csrf: csrf } });
  expect(last.status).toBe(409);
  expect(last.text).toContain('This is your last second step');
  expect(await stack.stores.passkeys.count(lead.id)).toBe(1);

  // Another one (another device), named.
  const second = device.register(await optionsFrom(v, '/settings/passkeys/options', csrf));
  const added = await v.fetch('/settings/passkeys', { form: { response: second.answer, name: 'Laptop', _csrf: csrf } });
  expect(added.status).toBe(200);
  expect(added.text).toContain('Passkey added');
  expect((await stack.stores.passkeys.listFor(lead.id)).map((p) => p.name)).toEqual(['My phone', 'Laptop']);

  // Another person cannot see or remove it.
  const other = await createStaff(stack.stores, ws, 'coordinator');
  const stranger = new Visitor(stack.baseUrl);
  await stranger.signIn(other.email, TEST_PASSWORD);
  expect((await stranger.fetch(`/settings/passkeys/${passkey.id}/remove`)).status).toBe(404);
  const strangerCsrf = Visitor.csrfIn((await stranger.fetch('/settings/two-factor')).text);
  expect(
    (await stranger.fetch(`/settings/passkeys/${passkey.id}/remove`, { form: { _csrf: strangerCsrf } })).status,
  ).toBe(404);

  settings = await v.fetch('/settings/two-factor');
  csrf = Visitor.csrfIn(settings.text);
  const removed = await v.fetch(`/settings/passkeys/${passkey.id}/remove`, { form: { _csrf: csrf } });
  expect(removed.status).toBe(200);
  expect(removed.text).toContain('Passkey removed: My phone.');
  expect((await stack.stores.passkeys.listFor(lead.id)).map((p) => p.name)).toEqual(['Laptop']);
  expect(await actions(lead.id)).toEqual(expect.arrayContaining(['passkey-added', 'passkey-removed']));
});

it('lets someone who need not have two-step sign-in remove their only passkey (and gives codes with the first)', async () => {
  // Test workspaces leave counselors' two-step sign-in to them.
  const counselor = await createCounselor(stack.stores, ws);
  const v = new Visitor(stack.baseUrl);
  expect((await v.signIn(counselor.email, TEST_PASSWORD, { passwordOnly: true })).location).toBe('/');
  const csrf = Visitor.csrfIn((await v.fetch('/settings/two-factor')).text);
  const { answer, passkey } = device.register(await optionsFrom(v, '/settings/passkeys/options', csrf));
  const added = await v.fetch('/settings/passkeys', { form: { response: answer, _csrf: csrf } });
  expect(added.text.match(/<li><code>/g)).toHaveLength(10);
  expect((await stack.stores.passkeys.get(passkey.id))?.name).toBe('Passkey');
  const removed = await v.fetch(`/settings/passkeys/${passkey.id}/remove`, { form: { _csrf: csrf } });
  expect(removed.status).toBe(200);
  expect(await stack.stores.passkeys.count(counselor.id)).toBe(0);
});
