// Two-step sign-in is required for everyone who can see a requester's contact: coordinators and leads always,
// counselors when their team asks it. After the right password someone who has none is taken to set it up, and
// nothing opens (no session) until it is done; bad input changes nothing; a coordinator's reset sends the person
// back to the set-up; the team's switch for counselors is a coordinator's form, audited.
import { Visitor } from '../helpers/cookie-jar';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  TEST_PASSWORD,
  useTestStack,
} from '../helpers/stack';
import { totpCode, totpStep } from '../../api/auth/totp';
import { twoStepSecret } from '../helpers/two-step';
import type { Workspace } from '../../db';
import { DEMO_SLUG } from '../../domain/demo';

const stack = useTestStack({ worker: false });
let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
});

const signedIn = async (v: Visitor) => (await v.fetch('/api/session', { json: true })).status === 200;
const secretOf = async (userId: string) => (await stack.stores.accounts.totp(userId)).secret;

it('takes a coordinator without two-step to its set-up after the password, and opens nothing else until done', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const v = new Visitor(stack.baseUrl);
  const password = await v.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  expect(password.status).toBe(303);
  expect(password.location).toBe('/login/two-step');
  // No session: every page still sends them to sign in, the API answers 401.
  expect(await signedIn(v)).toBe(false);
  for (const path of ['/', '/board', '/pool', '/settings/two-factor']) {
    const res = await v.fetch(path);
    expect([path, res.status, res.location]).toEqual([path, 303, '/login']);
  }

  const page = await v.fetch('/login/two-step');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Set up two-step sign-in');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)![1];

  // Bad input: a clear error, nothing set up, still no session.
  for (const [code, message] of [
    ['abc', 'Enter the 6-digit code your app shows (digits only).'],
    ['', 'Enter the 6-digit code your app shows (digits only).'],
    ['1234567', 'Enter the 6-digit code your app shows (digits only).'],
  ]) {
    const bad = await v.fetch('/login/two-step', { form: { code, _csrf: Visitor.csrfIn(page.text) } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(message);
  }
  const wrong = await v.fetch('/login/two-step', {
    form: { code: totpCode(secret, totpStep(Date.now()) + 7), _csrf: Visitor.csrfIn(page.text) },
  });
  expect(wrong.status).toBe(401);
  expect(wrong.text).toContain('That code is not right.');
  expect(await secretOf(coordinator.id)).toBeNull();
  expect(await stack.stores.accounts.recoveryCodesLeft(coordinator.id)).toBe(0);
  expect(await signedIn(v)).toBe(false);
  // Without the pre-session CSRF token the form is refused.
  const forged = await v.fetch('/login/two-step', { form: { code: totpCode(secret, totpStep(Date.now())) } });
  expect(forged.status).toBe(403);
  expect(await secretOf(coordinator.id)).toBeNull();

  const ok = await v.fetch('/login/two-step', {
    form: { code: totpCode(secret, totpStep(Date.now())), _csrf: Visitor.csrfIn(page.text) },
  });
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('Two-step sign-in is on');
  expect([...ok.text.matchAll(/<li><code>([a-z2-7]{4}-[a-z2-7]{4})<\/code><\/li>/g)]).toHaveLength(10);
  expect(await signedIn(v)).toBe(true);
  expect(await secretOf(coordinator.id)).toBe(secret);
  const audit = await stack.db('audit_log').where({ subject_id: coordinator.id, action: 'totp-enrolled' });
  expect(audit).toHaveLength(1);
  expect(audit[0].detail).toEqual({ during: 'sign-in' });

  // From now on the password is followed by the code step, and the set-up page opens nothing.
  const next = new Visitor(stack.baseUrl);
  const step1 = await next.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  expect(step1.status).toBe(200);
  expect(step1.text).toContain('Enter your code');
  const setupAgain = await next.fetch('/login/two-step');
  expect(setupAgain.status).toBe(303);
  expect(setupAgain.location).toBe('/login');
  expect(await secretOf(coordinator.id)).toBe(secret);
});

it('answers a JSON sign-in with the step to come: set-up, then the session with the recovery codes', async () => {
  const lead = await createStaff(stack.stores, ws, 'lead', { twoStep: false });
  // The helper follows what the product says (202 next: setup), sets it up on the product's page and signs in.
  const session = await loginSession(stack.baseUrl, lead.email);
  expect(session.csrf).toBeTruthy();
  expect(await secretOf(lead.id)).toBe(twoStepSecret(lead.email));
  expect(await stack.stores.accounts.recoveryCodesLeft(lead.id)).toBe(10);
  // The second time it is the code step.
  const again = await loginSession(stack.baseUrl, lead.email);
  expect(again.cookie).not.toBe(session.cookie);
});

it("asks counselors only when their team turns it on: a coordinator's switch, audited, bad input refused", async () => {
  const team = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, team, 'coordinator');
  const counselor = await createCounselor(stack.stores, team);
  const c = new Visitor(stack.baseUrl);
  expect((await c.signIn(counselor.email, TEST_PASSWORD, { passwordOnly: true })).status).toBe(303);
  expect(await signedIn(c)).toBe(true);

  const admin = new Visitor(stack.baseUrl);
  expect((await admin.signIn(coordinator.email, TEST_PASSWORD)).status).toBe(303);
  const page = await admin.fetch('/settings/two-factor');
  expect(page.text).toContain('id="counselor-two-step"');
  const bad = await admin.fetch('/settings/two-factor/counselors', {
    form: { counselorTwoStep: 'maybe', _csrf: Visitor.csrfIn(page.text) },
  });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Choose on or off.');
  expect((await stack.stores.workspaces.getById(team.id))!.counselorTwoStep).toBe(false);
  // A counselor cannot flip it.
  const byCounselor = await c.submit('/settings/two-factor', '/settings/two-factor/counselors', {
    counselorTwoStep: 'off',
  });
  expect(byCounselor.status).toBe(403);

  const on = await admin.fetch('/settings/two-factor/counselors', {
    form: { counselorTwoStep: 'on', _csrf: Visitor.csrfIn(page.text) },
  });
  expect(on.status).toBe(200);
  expect(on.text).toContain('Counselors now set up two-step sign-in at their next sign-in.');
  expect((await stack.stores.workspaces.getById(team.id))!.counselorTwoStep).toBe(true);
  const audit = await stack.db('audit_log').where({ workspace_id: team.id, action: 'counselor-two-step' });
  expect(audit.map((a) => a.detail)).toEqual([{ on: true }]);

  const later = new Visitor(stack.baseUrl);
  const password = await later.signIn(counselor.email, TEST_PASSWORD, { passwordOnly: true });
  expect(password.status).toBe(303);
  expect(password.location).toBe('/login/two-step');
  expect(await signedIn(later)).toBe(false);
});

it('sends a person whose two-step a coordinator reset back to the set-up at the next sign-in; recovery codes keep working until then', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  const lead = await createStaff(stack.stores, ws, 'lead');
  const codes = await stack.stores.accounts.newRecoveryCodes(lead.id);
  const byCode = new Visitor(stack.baseUrl);
  const step1 = await byCode.signIn(lead.email, TEST_PASSWORD, { passwordOnly: true });
  const withRecovery = await byCode.fetch('/login/code', {
    form: { code: codes[0], _csrf: Visitor.csrfIn(step1.text) },
  });
  expect(withRecovery.status).toBe(303);
  expect(await signedIn(byCode)).toBe(true);

  const admin = new Visitor(stack.baseUrl);
  await admin.signIn(coordinator.email, TEST_PASSWORD);
  const people = await admin.fetch('/pool/people');
  const reset = await admin.fetch(`/pool/people/${lead.id}/reset-two-step`, {
    form: { _csrf: Visitor.csrfIn(people.text) },
  });
  expect(reset.status).toBe(200);
  expect(await signedIn(byCode)).toBe(false);
  expect(await secretOf(lead.id)).toBeNull();
  expect(await stack.stores.accounts.recoveryCodesLeft(lead.id)).toBe(0);

  const back = new Visitor(stack.baseUrl);
  const again = await back.signIn(lead.email, TEST_PASSWORD, { passwordOnly: true });
  expect(again.location).toBe('/login/two-step');
  // An old recovery code opens nothing now.
  const old = await back.fetch('/login/code');
  expect(old.status).toBe(200);
  const refused = await back.fetch('/login/code', { form: { code: codes[1], _csrf: Visitor.csrfIn(old.text) } });
  expect(refused.status).toBe(401);
  expect(await signedIn(back)).toBe(false);
});

it('asks nothing more in the demo workspace (made-up people, never seeded in production)', async () => {
  const demo =
    (await stack.stores.workspaces.getBySlug(DEMO_SLUG)) ??
    (await stack.stores.workspaces.create({ slug: DEMO_SLUG, name: 'Demo', dispatchPolicy: FAST_POLICY }));
  const coordinator = await createStaff(stack.stores, demo, 'coordinator', { twoStep: false });
  const v = new Visitor(stack.baseUrl);
  expect((await v.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true })).status).toBe(303);
  expect(await signedIn(v)).toBe(true);
});
