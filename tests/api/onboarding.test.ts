// Invite-only onboarding on the real stack: the invitation email through nodemailer to the SMTP sink, the
// link single-use and expiring (GET never acts), and the phone verified by a code sent through the real
// twilio SDK to the local sink (wrong, expired, too many tries, right).
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../api/auth/passwords';
import type { User, Workspace } from '../../db';
import { getPage, postForm, type Session } from '../helpers/forms';
import {
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  uniquePhone,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinator: Session;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
});

const url = (path: string) => `${stack.baseUrl}${path}`;
const newEmail = () => `invitee-${randomBytes(4).toString('hex')}@example.org`;
const PASSWORD = 'a long enough password';

async function invite(email: string): Promise<string> {
  const res = await postForm(url('/pool/invite'), coordinator, { name: 'Mari Maasikas', email });
  expect(res.status).toBe(303);
  const mail = await waitFor(
    'the invitation email',
    async () => {
      const [m] = await stack.stores.devOutbox.list({ to: email, kind: 'email' });
      if (!m) throw new Error('not yet');
      return m;
    },
    20_000,
  );
  const link = /(http:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/.exec(mail.body)?.[1];
  if (!link) throw new Error(`no link in ${mail.body}`);
  return link;
}

const joinForm = (phone: string) => ({
  name: 'Mari Maasikas',
  password: PASSWORD,
  password2: PASSWORD,
  phone,
  languages: 'et, ru',
  specialisms: ['grief', 'general'],
  livedExperience: ['parent'],
});

async function userByEmail(email: string) {
  return stack.db('users').whereRaw('lower(email) = ?', [email]).first();
}

describe('invitations', () => {
  it('work once: the form on GET (any number of times), the account on the first POST, 410 after', async () => {
    const email = newEmail();
    const link = await invite(email);
    // Stored hashed: the token in the link is nowhere in the database.
    const token = link.split('/').pop()!;
    expect(await stack.db('invitations').where({ token_hash: token }).first()).toBeUndefined();

    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Welcome, Mari Maasikas');
    }
    expect(await userByEmail(email)).toBeUndefined();

    // Bad input: every field named, nobody created, the link still works.
    const bad = await postForm(link, undefined, { ...joinForm('12345'), password2: 'different', languages: 'e$t' });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('The two passwords differ.');
    expect(badText).toContain('with its country code');
    expect(badText).toContain('is not a language code');
    expect(await userByEmail(email)).toBeUndefined();

    const phone = uniquePhone();
    const joined = await postForm(link, undefined, joinForm(phone));
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe('/me/phone');
    const user = await userByEmail(email);
    expect(user).toMatchObject({ role: 'counselor', workspace_id: ws.id, phone, phone_verified_at: null });
    const profile = await stack.stores.pool.getProfile(ws.id, user.id);
    expect(profile).toMatchObject({
      languages: ['et', 'ru'],
      specialisms: ['grief', 'general'],
      livedExperience: ['parent'],
    });
    // Signed in by joining.
    const cookie = joined.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(url('/me/phone'), { headers: { cookie } })).status).toBe(200);

    const again = await postForm(link, undefined, { ...joinForm(uniquePhone()), name: 'Someone Else' });
    expect(again.status).toBe(410);
    expect((await fetch(link)).status).toBe(410);
    expect((await stack.db('users').whereRaw('lower(email) = ?', [email])).length).toBe(1);
  });

  it('expire: an old link shows the expiry page and creates nobody', async () => {
    const email = newEmail();
    const link = await invite(email);
    await stack
      .db('invitations')
      .where({ email })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect((await fetch(link)).status).toBe(410);
    const res = await postForm(link, undefined, joinForm(uniquePhone()));
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('no longer works');
    expect(await userByEmail(email)).toBeUndefined();
  });

  it('can be sent again: an expired invitation gets a fresh link for a week, and the old link stops working', async () => {
    const email = newEmail();
    const oldLink = await invite(email);
    await stack
      .db('invitations')
      .where({ email })
      .update({ expires_at: new Date(Date.now() - 1000) });
    const page = await (await fetch(url('/pool/invite'), { headers: { cookie: coordinator.cookie } })).text();
    const action = new RegExp(`${email.replace('.', '\\.')}[^]*?action="(/pool/invite/[0-9a-f-]+/resend)"`).exec(
      page,
    )?.[1];
    expect(action).toBeDefined();
    expect((await postForm(url(action!), undefined, {})).status).toBe(401);
    const resent = await postForm(url(action!), coordinator, {});
    expect(resent.status).toBe(303);
    const mails = await waitFor('the second invitation email', async () => {
      const m = await stack.stores.devOutbox.list({ to: email, kind: 'email' });
      if (m.length < 2) throw new Error(`${m.length}`);
      return m;
    });
    const links = mails.map((m) => /(http:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/.exec(m.body)?.[1]);
    const newLink = links.find((l) => l !== oldLink)!;
    expect(newLink).toBeDefined();
    expect((await fetch(oldLink)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(newLink)).status).toBe(200);
    const row = await stack.db('invitations').where({ email }).first();
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    // Another workspace's coordinator cannot resend it.
    const other = await createWorkspace(stack.stores);
    const stranger = await loginSession(stack.baseUrl, (await createStaff(stack.stores, other)).email);
    expect((await postForm(url(action!), stranger, {})).status).toBe(404);
  });

  it('are for coordinators only, and not for an email that already has an account', async () => {
    const existing = await createStaff(stack.stores, ws, 'lead');
    const taken = await postForm(url('/pool/invite'), coordinator, { name: 'X', email: existing.email });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('already has an account');
    const lead = await loginSession(stack.baseUrl, existing.email);
    expect((await postForm(url('/pool/invite'), lead, { name: 'X', email: newEmail() })).status).toBe(403);
    expect((await getPage(url('/invite/not-a-real-token'))).status).toBe(410);
  });
});

describe('phone verification', () => {
  let counselor: User;
  let session: Session;
  beforeAll(async () => {
    counselor = await stack.stores.users.create({
      workspaceId: ws.id,
      role: 'counselor',
      email: newEmail(),
      name: 'New Counselor',
      phone: uniquePhone(),
      phoneVerified: false,
      passwordHash: await hashPassword(PASSWORD),
      profile: { languages: ['en'], specialisms: ['general'], livedExperience: [], trainingComplete: true },
    });
    session = await loginSession(stack.baseUrl, counselor.email, PASSWORD);
  });

  async function sendCode(): Promise<string> {
    const before = (await smsTo(stack.stores, [counselor.phone!])).length;
    expect((await postForm(url('/me/phone/send'), session, {})).status).toBe(303);
    const sms = await waitFor(
      'the code SMS',
      async () => {
        const all = await smsTo(stack.stores, [counselor.phone!]);
        if (all.length <= before) throw new Error('not yet');
        return all[0];
      },
      20_000,
    );
    return /code is (\d{6})/.exec(sms.body)![1];
  }
  const verify = async (code: string) => {
    const res = await postForm(url('/me/phone/verify'), session, { code });
    return { status: res.status, text: await res.text() };
  };
  const reachablePhone = async () => (await stack.stores.users.getReachability([counselor.id]))[0].phone;

  it('takes no SMS before the code comes back: wrong, expired and too many tries fail, the right code verifies', async () => {
    expect(await reachablePhone()).toBeNull();

    let code = await sendCode();
    const wrongFor = (c: string) => String((Number(c) + 1) % 1_000_000).padStart(6, '0');
    let wrong = wrongFor(code);
    expect(await verify(wrong)).toMatchObject({ status: 400, text: expect.stringContaining('That code is not right') });
    expect(await reachablePhone()).toBeNull();

    // Ten minutes later the code is dead.
    await stack
      .db('phone_verifications')
      .where({ user_id: counselor.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect(await verify(code)).toMatchObject({ status: 400, text: expect.stringContaining('has expired') });
    expect(await reachablePhone()).toBeNull();

    // Five wrong tries kill a code, even before it expires.
    code = await sendCode();
    wrong = wrongFor(code);
    for (let i = 0; i < 5; i++) expect((await verify(wrong)).status).toBe(400);
    expect(await verify(code)).toMatchObject({ status: 400, text: expect.stringContaining('Too many wrong tries') });

    code = await sendCode();
    const ok = await postForm(url('/me/phone/verify'), session, { code });
    expect(ok.status).toBe(303);
    expect(await reachablePhone()).toBe(counselor.phone);
    expect(await (await getPage(url('/me/phone'), session)).text()).toContain('data-verified="yes"');

    // A new number starts unverified again.
    expect((await postForm(url('/me/phone'), session, { phone: uniquePhone() })).status).toBe(303);
    expect(await reachablePhone()).toBeNull();
  });
});
