// Accounts over real HTTP: sign-in throttling (per account and per IP, in Postgres, no enumeration), session
// rotation, CSRF on the sign-in and sign-out forms, sign out everywhere, and password reset by emailed link.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import type { User, Workspace } from '../../db';
import { Visitor } from '../helpers/cookie-jar';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  startTestStack,
  TEST_PASSWORD,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let stack: TestStack;
let ws: Workspace;
beforeAll(async () => {
  stack = await startTestStack({ worker: true }); // the reset email is sent by a workflow, through the ledger
  ws = await createWorkspace(stack.stores);
});
afterAll(async () => {
  await stack?.stop();
});

/** An IP no other test uses (the per-IP count must start at zero). */
const freshIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const signedIn = async (v: Visitor) => (await v.fetch('/api/session', { json: true })).status === 200;

describe('sign-in throttling', () => {
  /** Waits out a delay as a condition (the answer changes), bounded; never a fixed sleep. */
  const afterDelay = (v: Visitor, email: string) =>
    waitFor(
      'the delay to end',
      async () => {
        const form = await v.fetch('/login');
        const res = await v.fetch('/login', {
          form: { email, password: 'still wrong', _csrf: Visitor.csrfIn(form.text) },
        });
        if (res.status === 429) throw new Error('still waiting');
        return res;
      },
      20_000,
      200,
    );

  it('slows one account from one address with delays that grow, never a lock: the owner elsewhere signs in', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const attacker = new Visitor(stack.baseUrl, freshIp());
    for (let i = 0; i < 3; i++) {
      const res = await attacker.signIn(user.email, 'wrong password');
      expect(res.status).toBe(401);
      expect(res.text).toContain('That email and password do not match an account.');
    }
    const slowed = await attacker.signIn(user.email, TEST_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.text).toContain('Too many attempts. Try again in 1 second.');
    expect(await signedIn(attacker)).toBe(false);
    // The delay grows with each failure: 1 s, then 2 s.
    expect((await afterDelay(attacker, user.email)).status).toBe(401);
    const longer = await attacker.signIn(user.email, TEST_PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    // The owner, from another address, is not held up by it.
    const owner = new Visitor(stack.baseUrl, freshIp());
    expect((await owner.signIn(user.email, TEST_PASSWORD)).status).toBe(303);
    expect(await signedIn(owner)).toBe(true);
  });

  it('lets a known device (it signed in before) sign in from the same address while someone there keeps guessing', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const ip = freshIp();
    const owner = new Visitor(stack.baseUrl, ip);
    expect((await owner.signIn(user.email, TEST_PASSWORD)).status).toBe(303);
    expect(owner.cookies.get('device')).toBeTruthy();
    await owner.fetch('/logout'); // the cookie jar keeps the device cookie, as a browser does
    owner.cookies.delete('sid');
    const attacker = new Visitor(stack.baseUrl, ip);
    for (let i = 0; i < 3; i++) expect((await attacker.signIn(user.email, 'guess')).status).toBe(401);
    expect((await attacker.signIn(user.email, TEST_PASSWORD)).status).toBe(429);
    expect((await owner.signIn(user.email, TEST_PASSWORD)).status).toBe(303);
    // Someone else's device cookie is worth nothing: the attacker with it is still slowed.
    attacker.cookies.set('device', owner.cookies.get('device')!);
    const other = await createStaff(stack.stores, ws, 'lead');
    for (let i = 0; i < 3; i++) expect((await attacker.signIn(other.email, 'guess')).status).toBe(401);
    expect((await attacker.signIn(other.email, TEST_PASSWORD)).status).toBe(429);
  });

  it('lets no more than 3 of many parallel guesses from one address reach the password check', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const ip = freshIp();
    const visitors = Array.from({ length: 12 }, () => new Visitor(stack.baseUrl, ip));
    const forms = await Promise.all(visitors.map((v) => v.fetch('/login')));
    const answers = await Promise.all(
      visitors.map((v, i) =>
        v.fetch('/login', {
          form: { email: user.email, password: `guess ${i}`, _csrf: Visitor.csrfIn(forms[i].text) },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
  });

  it('answers an unknown email exactly like a known one, delays included (no account enumeration)', async () => {
    const unknown = `nobody-${randomBytes(4).toString('hex')}@test.local`;
    const v = new Visitor(stack.baseUrl, freshIp());
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await v.signIn(unknown, 'whatever');
      answers.push(`${res.status} ${/role="alert">([^<]+)</.exec(res.text)?.[1]}`);
    }
    expect(answers).toEqual([
      ...Array(3).fill('401 That email and password do not match an account.'),
      '429 Too many attempts. Try again in 1 second.',
    ]);
  });

  it('emails the owner once when failures pile up, in their language, through the ledger; the account is not locked', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const russian = await createCounselor(stack.stores, ws);
    await stack.stores.users.updateProfile(russian.id, { preferredLanguage: 'ru' });
    // From many addresses (each gets its free tries), as a spread-out guesser would; past the notice's count too.
    for (const owner of [user, russian])
      for (let i = 0; i < 12; i++) {
        const res = await new Visitor(stack.baseUrl, freshIp()).signIn(owner.email, `guess ${i}`);
        expect(res.status).toBe(401);
      }
    // Each notice is a message of the send-once ledger like every other, recorded sent.
    const ledger = await waitFor('both notices sent', async () => {
      const rows = await stack
        .db('notifications')
        .whereIn('user_id', [user.id, russian.id])
        .andWhere('purpose', 'like', 'sign-in-failures-%');
      if (rows.length < 2 || rows.some((r) => r.status !== 'sent')) throw new Error(`${rows.length} so far`);
      return rows;
    });
    expect(ledger.map((r) => `${r.user_id} ${r.channel}`).sort()).toEqual(
      [`${user.id} email`, `${russian.id} email`].sort(),
    );
    const mail = await stack.stores.devOutbox.list({ to: user.email, kind: 'email' });
    expect(mail).toHaveLength(1);
    expect(mail[0].body).toContain('10 or more sign-ins with a wrong password');
    expect(mail[0].body).toContain('Your account is not locked');
    const ru = await stack.stores.devOutbox.list({ to: russian.email, kind: 'email' });
    expect(ru).toHaveLength(1);
    expect(ru[0].body).toContain('Учётная запись не заблокирована');
  });

  it('caps failures from one address across accounts, and keeps the count in Postgres for every API process', async () => {
    const ip = freshIp();
    const v = new Visitor(stack.baseUrl, ip);
    for (let i = 0; i < 20; i++) {
      expect((await v.signIn(`guess-${i}-${randomBytes(3).toString('hex')}@test.local`, 'x')).status).toBe(401);
    }
    const user = await createStaff(stack.stores, ws, 'coordinator');
    expect((await v.signIn(user.email, TEST_PASSWORD)).status).toBe(429);
    // Another API process on the same database (a restart, or a second instance) sees the same count.
    const other = createApp({
      config: stack.config,
      stores: stack.stores,
      temporal: stack.temporal,
      log: () => {},
    });
    const agent = request.agent(other);
    const form = await agent.get('/login').set('x-forwarded-for', ip);
    const res = await agent
      .post('/login')
      .set('x-forwarded-for', ip)
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: Visitor.csrfIn(form.text) });
    expect(res.status).toBe(429);
    expect(res.text).toMatch(/Too many attempts. Try again in \d+ minutes?\./);
    // Another IP signs in fine.
    const elsewhere = new Visitor(stack.baseUrl, freshIp());
    expect((await elsewhere.signIn(user.email, TEST_PASSWORD)).status).toBe(303);
  });
});

describe('sessions', () => {
  let user: User;
  beforeAll(async () => {
    user = await createStaff(stack.stores, ws, 'coordinator');
  });

  it('gives a new session id at sign-in and ends the one the browser had', async () => {
    const v = new Visitor(stack.baseUrl);
    await v.signIn(user.email, TEST_PASSWORD);
    const first = v.cookies.get('sid') as string;
    expect(first).toBeTruthy();
    await v.signIn(user.email, TEST_PASSWORD);
    const second = v.cookies.get('sid') as string;
    expect(second).not.toBe(first);
    expect(await signedIn(v)).toBe(true);
    const stale = new Visitor(stack.baseUrl);
    stale.cookies.set('sid', first);
    expect(await signedIn(stale)).toBe(false);
  });

  it("refuses a sign-in form posted without its CSRF token or with another visitor's, and opens no session", async () => {
    const before = await stack.stores.signInSessions.countFor(user.id);
    const bare = await new Visitor(stack.baseUrl).fetch('/login', {
      form: { email: user.email, password: TEST_PASSWORD },
    });
    expect(bare.status).toBe(403);
    expect(bare.text).toContain('This form has expired. Reload the page and try again.');
    // A token taken from another visitor's form does not fit this visitor's pre-session cookie (login CSRF).
    const attacker = new Visitor(stack.baseUrl);
    const token = Visitor.csrfIn((await attacker.fetch('/login')).text);
    const victim = new Visitor(stack.baseUrl);
    await victim.fetch('/login');
    const forged = await victim.fetch('/login', { form: { email: user.email, password: TEST_PASSWORD, _csrf: token } });
    expect(forged.status).toBe(403);
    expect(await stack.stores.signInSessions.countFor(user.id)).toBe(before);
  });

  it('signs out only with the CSRF token of the sign-out form', async () => {
    const v = new Visitor(stack.baseUrl);
    await v.signIn(user.email, TEST_PASSWORD);
    const forged = await v.fetch('/logout', { form: {} });
    expect(forged.status).toBe(403);
    expect(await signedIn(v)).toBe(true);
    const out = await v.submit('/logout', '/logout', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/login');
    expect(await signedIn(v)).toBe(false);
  });

  it('signs out everywhere: every session of the account ends, other accounts keep theirs', async () => {
    const phone = new Visitor(stack.baseUrl);
    const laptop = new Visitor(stack.baseUrl);
    const colleague = new Visitor(stack.baseUrl);
    await phone.signIn(user.email, TEST_PASSWORD);
    await laptop.signIn(user.email, TEST_PASSWORD);
    await colleague.signIn((await createStaff(stack.stores, ws, 'lead')).email, TEST_PASSWORD);
    const res = await laptop.submit('/logout', '/logout/everywhere', {});
    expect(res.status).toBe(303);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(colleague)).toBe(true);
    expect(await stack.stores.signInSessions.countFor(user.id)).toBe(0);
  });
});

describe('password reset by emailed link', () => {
  const emailsTo = (to: string) => stack.stores.devOutbox.list({ to, kind: 'email' });
  const linkIn = (body: string) => {
    const m = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(body);
    if (!m) throw new Error(`no reset link in: ${body}`);
    return `/reset-password/${m[1]}`;
  };
  async function askForLink(email: string) {
    const v = new Visitor(stack.baseUrl, freshIp());
    const res = await v.submit('/forgot-password', '/forgot-password', { email });
    return res;
  }

  it('emails a link that sets a new password once, ending every other session; the same answer for unknown emails', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const elsewhere = new Visitor(stack.baseUrl);
    await elsewhere.signIn(user.email, TEST_PASSWORD);

    const known = await askForLink(user.email);
    const unknown = await askForLink(`nobody-${randomBytes(4).toString('hex')}@test.local`);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const note = (t: string) => /role="status">([^<]+)</.exec(t)?.[1];
    expect(note(known.text)).toBe(note(unknown.text));
    expect(note(known.text)).toContain('If that email belongs to an account, we have sent a link to it.');

    const [mail] = await waitFor('the reset email', async () => {
      const mails = await emailsTo(user.email);
      if (mails.length === 0) throw new Error('no email yet');
      return mails;
    });
    const link = linkIn(mail.body);
    // Opening the link (as a mail scanner does) changes nothing: the old password still works.
    const v = new Visitor(stack.baseUrl);
    const form = await v.fetch(link);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Choose a new password');
    expect((await new Visitor(stack.baseUrl).signIn(user.email, TEST_PASSWORD)).status).toBe(303);

    const short = await v.fetch(link, {
      form: { password: 'short', confirm: 'short', _csrf: Visitor.csrfIn(form.text) },
    });
    expect(short.status).toBe(400);
    expect(short.text).toContain('Use at least 12 characters.');

    const newPassword = 'a brand new long passphrase';
    const set = await v.fetch(link, {
      form: { password: newPassword, confirm: newPassword, _csrf: Visitor.csrfIn(form.text) },
    });
    expect(set.status).toBe(303);
    expect(set.location).toBe('/login?done=reset');
    expect(await signedIn(elsewhere)).toBe(false);
    expect((await new Visitor(stack.baseUrl).signIn(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await new Visitor(stack.baseUrl).signIn(user.email, newPassword)).status).toBe(303);

    // Used: a clear 410 on GET and POST, and the password stays the new one.
    const again = await v.fetch(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link has already been used.');
    const reuse = await v.fetch(link, {
      form: {
        password: 'another long passphrase',
        confirm: 'another long passphrase',
        _csrf: Visitor.csrfIn(form.text),
      },
    });
    expect(reuse.status).toBe(410);
    expect((await new Visitor(stack.baseUrl).signIn(user.email, newPassword)).status).toBe(303);
  });

  it('refuses an expired link and a tampered one, changing nothing', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    const token = await stack.stores.accounts.mintPasswordReset(user.id);
    const v = new Visitor(stack.baseUrl);
    const form = await v.fetch(`/reset-password/${token}`);
    expect(form.status).toBe(200);
    const csrf = Visitor.csrfIn(form.text);

    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const bad = await v.fetch(`/reset-password/${tampered}`, {
      form: { password: 'tampered passphrase!', confirm: 'tampered passphrase!', _csrf: csrf },
    });
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('This link is not valid.');

    await stack
      .db('password_resets')
      .update({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', user.id);
    expect((await v.fetch(`/reset-password/${token}`)).status).toBe(410);
    const late = await v.fetch(`/reset-password/${token}`, {
      form: { password: 'too late passphrase', confirm: 'too late passphrase', _csrf: csrf },
    });
    expect(late.status).toBe(410);
    expect(late.text).toContain('This link has expired.');
    expect((await new Visitor(stack.baseUrl).signIn(user.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('sends at most 3 links an hour per account (the answer stays the same)', async () => {
    const user = await createStaff(stack.stores, ws, 'lead');
    for (let i = 0; i < 5; i++) expect((await askForLink(user.email)).status).toBe(200);
    await waitFor('three reset emails', async () => {
      if ((await emailsTo(user.email)).length < 3) throw new Error('not yet');
    });
    expect(await stack.db('password_resets').where({ user_id: user.id }).count({ n: '*' })).toEqual([{ n: '3' }]);
  });
});
