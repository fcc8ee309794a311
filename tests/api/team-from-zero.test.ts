// Issue 15's "done when", end to end on the real stack, starting from an empty database: the admin command makes
// the team, the set-up link works once, the coordinator sets a password and two-step sign-in, invites a lead who
// also counsels and two counselors, who accept; a request goes to all three counselors (the lead included), the
// lead is on call and gets the urgent alert, and a counselor deactivated while signed in is out at once.
import { totpCode, totpStep } from '../../api/auth/totp';
import type { User } from '../../db';
import { createOwnTestDatabase } from '../helpers/test-db';
import { runAdmin } from '../../scripts/admin-command';
import { getPage, postForm, type Session } from '../helpers/forms';
import {
  putOnCall,
  smsTo,
  startTestStack,
  submitRequest,
  uniquePhone,
  waitFor,
  type TestStack,
} from '../helpers/stack';

let databaseUrl: string;
let stack: TestStack;

let own: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  // A database of its own: the suite's is shared by every file, and this test starts from nothing.
  own = await createOwnTestDatabase('team_from_zero');
  databaseUrl = own.url;
  stack = await startTestStack({ databaseUrl });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await own?.drop();
});

const url = (path: string) => `${stack.baseUrl}${path}`;
const PASSWORD = 'a long and unusual passphrase';

/** A form reached before any session: its pre-session cookie and token, as a browser holds them. */
async function preSessionForm(path: string) {
  const res = await fetch(url(path), { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { status: res.status, cookie, token };
}

function cookiesOf(res: Response, prefix: string) {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => c.startsWith(prefix));
}

/** Password, then the authenticator's code: the second step of a real sign-in. */
async function signInWithCode(email: string, secret: string): Promise<Session> {
  const form = await preSessionForm('/login');
  const first = await fetch(url('/login'), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: form.cookie.join('; '),
    },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: form.token }),
  });
  expect(first.status).toBe(202);
  const challenge = cookiesOf(first, 'login_challenge=');
  const second = await fetch(url('/login/code'), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: [...form.cookie, ...challenge].join('; '),
    },
    body: new URLSearchParams({ code: totpCode(secret, totpStep(Date.now())), _csrf: form.token }),
  });
  expect(second.status).toBe(200);
  const cookie = cookiesOf(second, 'sid=')[0];
  const { csrfToken } = (await second.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
  };
}

/**
 * The set-up page sign-in leads to when two-step is required: the key shown, a code from it, and the session that
 * begins with the recovery codes. `cookies`: the pending sign-in's (and the pre-session one when there is one).
 */
async function setUpTwoStep(cookies: string[]): Promise<{ session: Session; secret: string }> {
  const page = await fetch(url('/login/two-step'), { redirect: 'manual', headers: { cookie: cookies.join('; ') } });
  expect(page.status).toBe(200);
  const all = [...cookies, ...cookiesOf(page, 'psid=')];
  const text = await page.text();
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(text)![1];
  const token = /name="_csrf" value="([^"]+)"/.exec(text)![1];
  const done = await fetch(url('/login/two-step'), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: all.join('; '),
    },
    body: new URLSearchParams({ code: totpCode(secret, totpStep(Date.now())), _csrf: token }),
  });
  expect(done.status).toBe(200);
  const cookie = cookiesOf(done, 'sid=')[0];
  const { csrfToken, recoveryCodes } = (await done.json()) as { csrfToken: string; recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  return {
    session: {
      cookie,
      csrf: csrfToken,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    },
    secret,
  };
}

async function linkIn(email: string, pattern: RegExp): Promise<string> {
  return waitFor(
    `an email to ${email}`,
    async () => {
      for (const m of await stack.stores.devOutbox.list({ to: email, kind: 'email' })) {
        const link = pattern.exec(m.body)?.[1];
        if (link) return link;
      }
      throw new Error('not yet');
    },
    30_000,
  );
}

/** The invitee accepts (a session starts), verifies their phone by the SMS code, and is returned signed in. */
async function join(inviteLink: string, name: string, phone: string): Promise<{ user: User; session: Session }> {
  const res = await fetch(inviteLink, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([
      ['name', name],
      ['password', PASSWORD],
      ['password2', PASSWORD],
      ['phone', phone],
      ['languages', 'en, et'],
      ['specialisms', 'general'],
    ]),
  });
  // A new team asks two-step sign-in of counselors too: the invitation leads to its set-up, not to a session.
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/login/two-step');
  expect(cookiesOf(res, 'sid=')).toEqual([]);
  const { session: signedIn } = await setUpTwoStep(cookiesOf(res, 'login_challenge='));
  const cookie = signedIn.cookie;
  const page = await (await getPage(url('/me/phone'), { cookie, csrf: '', headers: {} })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
  const session: Session = {
    cookie,
    csrf,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
  };
  expect((await postForm(url('/me/phone/send'), session, {})).status).toBe(303);
  const code = await waitFor('the phone code', async () => {
    const [sms] = await smsTo(stack.stores, [phone]);
    const c = sms && /\b(\d{6})\b/.exec(sms.body)?.[1];
    if (!c) throw new Error('no code yet');
    return c;
  });
  expect((await postForm(url('/me/phone/verify'), session, { code })).status).toBe(303);
  const id = await stack.stores.accounts.findUserIdByEmail(await emailOf(inviteLink));
  return { user: (await stack.stores.users.getById(id!))!, session };
}

const invitedEmails = new Map<string, string>();
const emailOf = async (link: string) => invitedEmails.get(link)!;

it('makes a working team from an empty database', async () => {
  expect(await stack.db('workspaces').count({ n: '*' })).toEqual([{ n: '0' }]);
  expect(await stack.db('users').count({ n: '*' })).toEqual([{ n: '0' }]);

  // 1. The operator creates the team.
  const out: string[] = [];
  const code = await runAdmin(
    [
      'create-workspace',
      '--name',
      'Harbour Peers',
      '--slug',
      'harbour',
      '--time-zone',
      'Europe/Tallinn',
      '--languages',
      'en,et',
      '--coordinator-email',
      'kai@harbour.example',
      '--coordinator-name',
      'Kai',
    ],
    {
      env: { DATABASE_URL: databaseUrl, PUBLIC_BASE_URL: stack.baseUrl },
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    },
  );
  expect(code).toBe(0);
  const setupLink = /(http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+)/.exec(out.join('\n'))![1];
  const setupPath = new URL(setupLink).pathname;

  // 2. The set-up link works once: the password is set, a second use is refused.
  const setForm = await preSessionForm(setupPath);
  expect(setForm.status).toBe(200);
  const setPassword = () =>
    fetch(setupLink, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: setForm.cookie.join('; ') },
      body: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD, _csrf: setForm.token }),
    });
  expect((await setPassword()).status).toBe(303);
  expect((await setPassword()).status).toBe(410);

  // 3. The coordinator signs in and sets up two-step sign-in (TOTP); from then on sign-in asks for the code.
  const firstForm = await preSessionForm('/login');
  const first = await fetch(url('/login'), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: firstForm.cookie.join('; '),
    },
    body: new URLSearchParams({ email: 'kai@harbour.example', password: PASSWORD, _csrf: firstForm.token }),
  });
  // A coordinator must have two-step sign-in: after the password, its set-up, and only then a session.
  expect(first.status).toBe(202);
  expect(await first.json()).toEqual({ next: 'setup', setupUrl: '/login/two-step' });
  expect(cookiesOf(first, 'sid=')).toEqual([]);
  const { secret } = await setUpTwoStep([...firstForm.cookie, ...cookiesOf(first, 'login_challenge=')]);
  // A code is spent once per 30-second step: the next sign-in waits for a fresh step rather than reuse this one.
  await waitFor(
    'the next TOTP step',
    async () => {
      const { lastStep } = await stack.stores.accounts.totp(
        (await stack.stores.accounts.findUserIdByEmail('kai@harbour.example'))!,
      );
      if (totpStep(Date.now()) <= (lastStep ?? 0)) throw new Error('same step');
    },
    35_000,
    250,
  );
  const coordinator = await signInWithCode('kai@harbour.example', secret);

  // 4. The coordinator invites a lead who also counsels, and two counselors; each accepts and verifies their phone.
  const people = [
    { name: 'Lee', email: 'lee@harbour.example', roles: ['lead', 'counselor'] },
    { name: 'Ann', email: 'ann@harbour.example', roles: ['counselor'] },
    { name: 'Bo', email: 'bo@harbour.example', roles: ['counselor'] },
  ];
  const joined: { user: User; session: Session; phone: string }[] = [];
  for (const p of people) {
    const res = await postForm(url('/pool/invite'), coordinator, {
      name: p.name,
      email: p.email,
      roles: p.roles,
      rolesShown: '1',
    });
    expect(res.status).toBe(303);
    const link = await linkIn(p.email, /(http:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/);
    invitedEmails.set(link, p.email);
    const phone = uniquePhone();
    joined.push({ ...(await join(link, p.name, phone)), phone });
  }
  const [lead, ann, bo] = joined;
  expect(lead.user.roles).toEqual(['lead', 'counselor']);
  expect(ann.user.roles).toEqual(['counselor']);
  // The lead's pages are the union of their roles: the board (lead) and their offers (counselor).
  expect((await getPage(url('/board'), lead.session)).status).toBe(200);
  expect((await getPage(url('/me/offers'), lead.session)).status).toBe(200);

  // Training records are the coordinator's (the pool pages' own tests cover those forms): all three complete.
  const ws = (await stack.stores.workspaces.getBySlug('harbour'))!;
  const coordinatorId = (await stack.stores.accounts.findUserIdByEmail('kai@harbour.example'))!;
  for (const j of joined) {
    await stack
      .db('counselor_profiles')
      .where({ user_id: j.user.id })
      .update({
        qualified_on: stack.db.raw('current_date'),
        programme_trained_on: stack.db.raw('current_date'),
      });
    for (let i = 0; i < 3; i++)
      await stack.stores.pool.signOffSupervised(ws.id, j.user.id, {
        sessionOn: '2026-01-05',
        signedOffBy: coordinatorId,
      });
  }
  // 5. The lead is on call.
  await putOnCall(stack.stores, ws, lead.user.id);

  // 6. An urgent request: offered to all three counselors, the lead included, and the on-call lead alerted.
  const submitted = await submitRequest(stack.baseUrl, {
    workspace: 'harbour',
    language: 'en',
    topic: 'general',
    email: 'someone@example.org',
    safety: 'yes',
  });
  expect(submitted.status).toBe(201);
  const requestId = submitted.body.id as string;
  await waitFor(
    'offers to all three',
    async () => {
      const offered = (await stack.stores.offers.listForRequest(requestId)).map((o) => o.counselorId).sort();
      if (offered.length < 3) throw new Error(`${offered.length} offered`);
      expect(offered).toEqual(joined.map((j) => j.user.id).sort());
    },
    30_000,
  );
  await waitFor(
    'the urgent alert to the on-call lead',
    async () => {
      const alerts = [
        ...(await smsTo(stack.stores, [lead.phone])),
        ...(await stack.stores.devOutbox.list({ to: 'lee@harbour.example', kind: 'email' })),
      ].filter((m) => m.body.includes('/a/'));
      if (alerts.length === 0) throw new Error('no alert yet');
    },
    30_000,
  );

  // 7. Ann is deactivated while signed in: out at once, her open offer withdrawn, her offer link shows nothing.
  expect((await getPage(url('/'), ann.session)).status).toBe(200);
  const annOfferSms = await waitFor('Ann offer SMS', async () => {
    const m = (await smsTo(stack.stores, [ann.phone])).find((x) => x.body.includes('/o/'));
    if (!m) throw new Error('no offer SMS yet');
    return /(https?:\/\/\S+\/o\/[A-Za-z0-9_-]+)/.exec(m.body)![1];
  });
  const deactivate = await postForm(url(`/pool/people/${ann.user.id}/deactivate`), coordinator, {});
  expect(deactivate.status).toBe(200);
  expect(await deactivate.text()).toContain('1 open offer(s) withdrawn');
  const after = await getPage(url('/'), ann.session);
  expect(after.status).toBe(303);
  expect(after.headers.get('location')).toBe('/login');
  expect((await fetch(annOfferSms)).status).toBe(410);
  const annOffer = (await stack.stores.offers.listForRequest(requestId)).find((o) => o.counselorId === ann.user.id);
  expect(annOffer?.status).toBe('declined');
  // The withdrawal reaches the workflow (through the worker's inbox drainer, as a declined SMS would).
  await waitFor(
    'the withdrawal signalled',
    async () => {
      const row = await stack
        .db('sms_inbox')
        .where({ message_sid: `left-team:${annOffer!.id}` })
        .first();
      if (row?.status !== 'done') throw new Error(`inbox row ${row?.status}`);
    },
    30_000,
  );
  // Bo and the lead are still signed in.
  expect((await getPage(url('/'), bo.session)).status).toBe(200);
  expect((await getPage(url('/board'), lead.session)).status).toBe(200);
}, 240_000);
