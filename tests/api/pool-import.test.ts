// CSV import with good and bad rows: the preview lists every row's problems and writes nothing; confirming
// imports the good rows only (one transaction), each with an invitation email through the SMTP sink.
import { randomBytes } from 'node:crypto';
import type { Workspace } from '../../db';
import { postForm, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let coordinator: Session;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
});

const url = (path: string) => `${stack.baseUrl}${path}`;
const countIn = async (emails: string[]) => (await stack.db('users').whereIn('email', emails)).length;

it('previews every row’s errors without writing, then imports only the good rows and invites them', async () => {
  const tag = randomBytes(3).toString('hex');
  const existing = await createCounselor(stack.stores, ws);
  const e = (n: string) => `${n}-${tag}@example.org`;
  const csv = [
    'Name,Email,Phone,Languages,Specialisms,Lived experience,Qualified on,Programme trained on',
    `Anna Good,${e('anna')},+372 5123 4567,et;ru,Grief;general,Bereavement,2024-01-10,2024-03-01`,
    `Boris Good,${e('boris')},,ru,trauma,,,`,
    `No Email,not-an-email,+3725,xx_yy,Knitting,,2024-13-01,`,
    `Taken,${existing.email},,en,general,,,`,
    `Anna Twice,${e('anna')},,en,general,,,`,
    `Future,${e('future')},,en,general,,2999-01-01,`,
  ].join('\n');
  const emails = [e('anna'), e('boris'), e('future'), 'not-an-email'];

  const preview = await postForm(url('/pool/import'), coordinator, { csv });
  expect(preview.status).toBe(200);
  const text = (await preview.text()).replace(/\s+/g, ' ');
  const line = (n: number) => {
    const m = new RegExp(`<li data-line="${n}" data-ok="(yes|no)">(.*?)</li> (<li data-line|</ol>)`).exec(text);
    if (!m) throw new Error(`no line ${n}`);
    return { ok: m[1], text: m[2] };
  };
  expect(line(2).ok).toBe('yes');
  expect(line(3).ok).toBe('yes');
  expect(line(4)).toMatchObject({ ok: 'no' });
  for (const problem of [
    'email: not a valid address',
    'phone: not a phone number',
    'languages: &quot;xx_yy&quot; is not a language code',
    'specialisms: &quot;Knitting&quot; is not on the team&#39;s list',
    'qualified_on: Enter a real date',
  ])
    expect(line(4).text).toContain(problem);
  expect(line(5).text).toContain('email: someone already has an account or an invitation with it');
  expect(line(6).text).toContain('email: the same as line 2');
  expect(line(7).text).toContain('qualified_on: This date is in the future.');
  expect(text).toContain('<strong>2</strong> row(s) can be imported, <strong>4</strong> have problems');
  expect(await countIn(emails)).toBe(0);

  const confirmed = await postForm(url('/pool/import/confirm'), coordinator, { csv });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('Imported 2 counselors');
  const users = await stack.db('users').whereIn('email', emails).orderBy('email');
  expect(users.map((u) => u.email)).toEqual([e('anna'), e('boris')]);
  const anna = await stack.stores.pool.getProfile(ws.id, users[0].id);
  expect(anna).toMatchObject({
    name: 'Anna Good',
    phone: '+37251234567',
    phoneVerified: false,
    languages: ['et', 'ru'],
    specialisms: ['grief', 'general'],
    livedExperience: ['bereavement'],
    qualifiedOn: '2024-01-10',
    programmeTrainedOn: '2024-03-01',
  });

  // Each imported counselor gets one invitation; the link lets them set a password on their imported account.
  const mails = await waitFor(
    'two invitation emails',
    async () => {
      const found = await Promise.all(
        [e('anna'), e('boris')].map((to) => stack.stores.devOutbox.list({ to, kind: 'email' })),
      );
      if (found.some((f) => f.length === 0)) throw new Error('not yet');
      return found.flat();
    },
    20_000,
  );
  expect(mails).toHaveLength(2);
  const link = /(http:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/.exec(mails.find((m) => m.to === e('anna'))!.body)![1];
  const form = await (await fetch(link)).text();
  expect(form).toContain('value="et, ru"');
  const joined = await postForm(link, undefined, {
    name: 'Anna Good',
    password: 'a long enough password',
    password2: 'a long enough password',
    phone: '+372 5123 4567',
    languages: 'et, ru, en',
    specialisms: ['grief'],
  });
  expect(joined.status).toBe(303);
  expect((await stack.db('users').where({ email: e('anna') })).length).toBe(1);
  expect((await stack.stores.pool.getProfile(ws.id, users[0].id))?.languages).toEqual(['et', 'ru', 'en']);
  await loginSession(stack.baseUrl, e('anna'), 'a long enough password');

  // The same file again: every row is now a problem, nothing more is written.
  const again = await postForm(url('/pool/import/confirm'), coordinator, { csv });
  expect(again.status).toBe(400);
  expect(await countIn(emails)).toBe(2);
});

it('refuses a file that is not CSV or lacks the header, and counselors cannot import', async () => {
  const bad = await postForm(url('/pool/import'), coordinator, { csv: 'just,some\n"unclosed' });
  expect(bad.status).toBe(400);
  const noHeader = await postForm(url('/pool/import'), coordinator, { csv: 'who,where\na,b' });
  expect(await noHeader.text()).toContain('The header lacks the column(s): name, email.');
  const c = await createCounselor(stack.stores, ws);
  const asCounselor = await loginSession(stack.baseUrl, c.email);
  expect((await postForm(url('/pool/import'), asCounselor, { csv: 'name,email' })).status).toBe(403);
});

it("tells a coordinator nothing of another team's accounts: such an email is previewed and invited like a new one, and no second account is made", async () => {
  const other = await createWorkspace(stack.stores);
  const elsewhere = await createCounselor(stack.stores, other);
  const tag = randomBytes(3).toString('hex');
  const fresh = `fresh-${tag}@example.org`;
  const csv = [
    'Name,Email,Phone,Languages,Specialisms',
    `Held Elsewhere,${elsewhere.email},,en,general`,
    `Fresh Person,${fresh},,en,general`,
  ].join('\n');
  const preview = await postForm(url('/pool/import'), coordinator, { csv });
  const text = (await preview.text()).replace(/\s+/g, ' ');
  expect(text).not.toContain('already has an account');
  expect(text).toContain('<li data-line="2" data-ok="yes">');
  expect(text).toContain('<strong>2</strong> row(s) can be imported, <strong>0</strong> have problems');

  const confirmed = await postForm(url('/pool/import/confirm'), coordinator, { csv });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('Imported 2 counselors');
  // One account per email across the deployment: the other team's stays theirs, and this team has an invitation.
  const accounts = await stack.db('users').whereRaw('lower(email) = ?', [elsewhere.email.toLowerCase()]);
  expect(accounts.map((u) => u.workspace_id)).toEqual([other.id]);
  const invitation = await stack
    .db('invitations')
    .where({ workspace_id: ws.id, email: elsewhere.email.toLowerCase() })
    .first();
  expect(invitation).toMatchObject({ user_id: null, used_at: null });
  expect(await countIn([fresh])).toBe(1);
});
