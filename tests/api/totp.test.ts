// TOTP over real HTTP: set-up at sign-in (key and otpauth URI, confirmed with a code), the
// second sign-in step with single-use codes, and recovery by another coordinator. Codes are computed here.
import { Visitor } from '../helpers/cookie-jar';
import { createStaff, createWorkspace, TEST_PASSWORD, useTestStack } from '../helpers/stack';
import { base32Decode, totpCode, totpStep } from '../../api/auth/totp';
import { createHmac } from 'node:crypto';
import type { User, Workspace } from '../../db';

const stack = useTestStack({ worker: false });
let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
});

const signedIn = async (v: Visitor) => (await v.fetch('/api/session', { json: true })).status === 200;
const codeNow = (secret: string, offset = 0) => totpCode(secret, totpStep(Date.now()) + offset);

it('computes the RFC 6238 test vectors (SHA-1, 8 digits there; our 6 digits are their last 6)', () => {
  // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082; T = 1111111109 → 07081804.
  const secret = Buffer.from('12345678901234567890');
  const b32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  expect(base32Decode(b32)).toEqual(secret);
  expect(totpCode(b32, Math.floor(59 / 30))).toBe('287082');
  expect(totpCode(b32, Math.floor(1111111109 / 30))).toBe('081804');
  // And against an independent HMAC computed here.
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(1n);
  const mac = createHmac('sha1', secret).update(counter).digest();
  const o = mac[19] & 15;
  expect(totpCode(b32, 1)).toBe(String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0'));
});

/** Sets two-step sign-in up where sign-in takes someone who must have it and has none: right after the password. */
async function enrol(user: User): Promise<{ v: Visitor; secret: string }> {
  const v = new Visitor(stack.baseUrl);
  const password = await v.signIn(user.email, TEST_PASSWORD, { passwordOnly: true });
  expect(password.status).toBe(303);
  expect(password.location).toBe('/login/two-step');
  expect(await signedIn(v)).toBe(false);
  const page = await v.fetch('/login/two-step');
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1] as string;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = /id="totp-uri" href="([^"]+)"/.exec(page.text)?.[1] as string;
  expect(uri.replace(/&amp;/g, '&')).toContain(`otpauth://totp/`);
  expect(uri).toContain(`secret=${secret}`);

  const wrong = await v.fetch('/login/two-step', {
    form: { code: codeNow(secret, 5), _csrf: Visitor.csrfIn(page.text) },
  });
  expect(wrong.status).toBe(401);
  expect(wrong.text).toContain('data-state="pending"');
  expect(await signedIn(v)).toBe(false);
  const ok = await v.fetch('/login/two-step', {
    form: { code: codeNow(secret), _csrf: Visitor.csrfIn(page.text) },
  });
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('Two-step sign-in is on');
  expect(await signedIn(v)).toBe(true);
  expect((await v.fetch('/settings/two-factor')).text).toContain('data-state="on"');
  return { v, secret };
}

it('enrols a coordinator, then asks for a code at sign-in; a code works once', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const { secret } = await enrol(coordinator);
  // The secret is stored encrypted, not as the base32 the app showed.
  const row = await stack.db('users').where({ id: coordinator.id }).first();
  expect(row.totp_secret_enc).not.toContain(secret);

  const v = new Visitor(stack.baseUrl);
  const step1 = await v.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  expect(step1.status).toBe(200);
  expect(step1.text).toContain('Enter your code');
  expect(await signedIn(v)).toBe(false);

  const bad = await v.submit('/login/code', '/login/code', { code: codeNow(secret, 4) });
  expect(bad.status).toBe(401);
  expect(await signedIn(v)).toBe(false);

  // Confirming spent its code's step, so that code is refused now; the next step's code (clock drift allowed) works.
  const confirmed = (await stack.stores.accounts.totp(coordinator.id)).lastStep as number;
  const spent = await v.submit('/login/code', '/login/code', { code: totpCode(secret, confirmed) });
  expect(spent.status).toBe(401);
  const next = totpCode(secret, confirmed + 1);
  const good = await v.submit('/login/code', '/login/code', { code: next });
  expect(good.status).toBe(303);
  expect(await signedIn(v)).toBe(true);

  // The same code again, on a new sign-in, is refused: single use within its window.
  const other = new Visitor(stack.baseUrl);
  await other.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  const replay = await other.submit('/login/code', '/login/code', { code: next });
  expect(replay.status).toBe(401);
  expect(await signedIn(other)).toBe(false);
});

it('locks the code step after 5 wrong codes, even for the right one', async () => {
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const { secret } = await enrol(coordinator);
  const v = new Visitor(stack.baseUrl);
  await v.signIn(coordinator.email, TEST_PASSWORD, { passwordOnly: true });
  for (let i = 0; i < 5; i++)
    expect((await v.submit('/login/code', '/login/code', { code: codeNow(secret, 5 + i) })).status).toBe(401);
  const locked = await v.submit('/login/code', '/login/code', { code: codeNow(secret, 1) });
  expect(locked.status).toBe(429);
  expect(locked.text).toContain('Too many attempts. Try again in 15 minutes.');
  expect(await signedIn(v)).toBe(false);
});

it('needs the password step first: a code alone signs nobody in', async () => {
  const v = new Visitor(stack.baseUrl);
  const res = await v.submit('/login', '/login/code', { code: '123456' });
  expect(res.status).toBe(303);
  expect(res.location).toBe('/login');
  expect(await signedIn(v)).toBe(false);
});

it("lets another coordinator reset it (recovery), ending the owner's sessions; nobody resets their own or another workspace's", async () => {
  const owner = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const colleague = await createStaff(stack.stores, ws, 'coordinator');
  const { v: ownerSession } = await enrol(owner);

  const outsider = await createStaff(stack.stores, await createWorkspace(stack.stores), 'coordinator');
  const o = new Visitor(stack.baseUrl);
  await o.signIn(outsider.email, TEST_PASSWORD);
  const foreign = await o.submit('/settings/two-factor', `/settings/two-factor/reset/${owner.id}`, {});
  expect(foreign.status).toBe(404);
  const self = await ownerSession.submit('/settings/two-factor', `/settings/two-factor/reset/${owner.id}`, {});
  expect(self.status).toBe(404);
  expect((await stack.stores.accounts.totp(owner.id)).secret).not.toBeNull();

  const c = new Visitor(stack.baseUrl);
  await c.signIn(colleague.email, TEST_PASSWORD);
  const page = await c.fetch('/settings/two-factor');
  expect(page.text).toContain(`/settings/two-factor/reset/${owner.id}`);
  const reset = await c.fetch(`/settings/two-factor/reset/${owner.id}`, { form: { _csrf: Visitor.csrfIn(page.text) } });
  expect(reset.status).toBe(200);
  expect(reset.text).toContain(`Two-step sign-in reset for ${owner.name}.`);
  expect(await signedIn(ownerSession)).toBe(false);

  // A coordinator must have two-step sign-in: after the password the owner is taken to set it up again, with
  // no session until it is done; the reset is in the audit log.
  const back = new Visitor(stack.baseUrl);
  const again = await back.signIn(owner.email, TEST_PASSWORD, { passwordOnly: true });
  expect(again.status).toBe(303);
  expect(again.location).toBe('/login/two-step');
  expect(await signedIn(back)).toBe(false);
  const audit = await stack.db('audit_log').where({ subject_id: owner.id, action: 'totp-reset' });
  expect(audit).toHaveLength(1);
  expect(audit[0].actor_id).toBe(colleague.id);
});

it('lets leads and counselors set it up too, with ten single-use recovery codes shown once', async () => {
  const lead = await createStaff(stack.stores, ws, 'lead', { twoStep: false });
  const { v } = await enrol(lead);
  const page = await v.fetch('/settings/two-factor');
  expect(page.text).toContain('10 recovery code(s) left.');
  // The codes were on the confirming page only: make new ones to read them here.
  const fresh = await v.fetch('/settings/two-factor/recovery-codes', { form: { _csrf: Visitor.csrfIn(page.text) } });
  expect(fresh.status).toBe(200);
  const codes = [...fresh.text.matchAll(/<code>([a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(10);

  const signInWith = async (code: string) => {
    const s = new Visitor(stack.baseUrl);
    expect((await s.signIn(lead.email, TEST_PASSWORD, { passwordOnly: true })).status).toBe(200); // the code step
    return s.submit('/login/code', '/login/code', { code });
  };
  expect((await signInWith(codes[0].toUpperCase())).status).toBe(303);
  // Used once: refused the second time; a made-up one is refused too.
  expect((await signInWith(codes[0])).status).toBe(401);
  expect((await signInWith('abcd-efgh')).status).toBe(401);
  expect(await stack.stores.accounts.recoveryCodesLeft(lead.id)).toBe(9);

  const counselor = await stack.stores.users.create({
    workspaceId: ws.id,
    roles: ['counselor'],
    email: `c-${Date.now()}@test.local`,
    name: 'Counselor',
    passwordHash: (await stack.db('users').where({ id: lead.id }).first('password_hash')).password_hash,
  });
  const c = new Visitor(stack.baseUrl);
  expect((await c.signIn(counselor.email, TEST_PASSWORD)).status).toBe(303);
  expect((await c.fetch('/settings/two-factor')).status).toBe(200);
  // Without two-step sign-in there are no recovery codes to make.
  const none = await c.submit('/settings/two-factor', '/settings/two-factor/recovery-codes', {});
  expect(none.status).toBe(409);
  expect(await stack.stores.accounts.recoveryCodesLeft(counselor.id)).toBe(0);
});
