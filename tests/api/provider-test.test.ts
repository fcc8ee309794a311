// Settings → Test messages: a signed-in coordinator sends a test SMS and a test email to themselves, through the
// real twilio SDK and nodemailer to the local sinks; a double submit sends once; each send is audited; nobody
// else can use it and a post without the CSRF token sends nothing.
import { randomUUID } from 'node:crypto';
import { getPage, postForm } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack({ worker: false });

const url = () => `${stack.baseUrl}/settings/test-messages`;
const attemptOf = (page: string) => /name="attempt" value="([^"]+)"/.exec(page)?.[1] ?? '';

it('sends a test SMS and a test email to the signed-in coordinator, once per page, audited', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws);
  const session = await loginSession(stack.baseUrl, coordinator.email);

  const page = await getPage(url(), session);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Send a test SMS to me');
  expect(html).toContain(coordinator.phone!);
  const attempt = attemptOf(html);

  const sms = await postForm(url(), session, { channel: 'sms', attempt });
  expect(sms.status).toBe(303);
  expect(sms.headers.get('location')).toBe('/settings/test-messages?sent=sent');
  const received = await smsTo(stack.stores, [coordinator.phone!]);
  expect(received).toHaveLength(1);
  expect(received[0].body).toMatch(/test message you asked for/);

  // The same page submitted again (a double click): the ledger has it, nothing more is sent.
  const again = await postForm(url(), session, { channel: 'sms', attempt });
  expect(again.headers.get('location')).toBe('/settings/test-messages?sent=already-sent');
  expect(await smsTo(stack.stores, [coordinator.phone!])).toHaveLength(1);
  expect(await (await getPage(`${stack.baseUrl}${again.headers.get('location')}`, session)).text()).toContain(
    'Already sent from this page',
  );

  const email = await postForm(url(), session, { channel: 'email', attempt });
  expect(email.headers.get('location')).toBe('/settings/test-messages?sent=sent');
  const mail = await waitFor(
    'the test email at the SMTP sink',
    async () => {
      const [m] = await stack.stores.devOutbox.list({ to: coordinator.email, kind: 'email' });
      if (!m) throw new Error('not yet');
      return m;
    },
    30_000,
  );
  expect(mail.subject).toBe('Peer Dispatch: test email');

  const audit = await stack.stores.audit.list(ws.id, { action: 'provider.test_sent' });
  expect(audit.map((a) => [a.actorId, a.detail])).toEqual(
    expect.arrayContaining([
      [coordinator.id, { channel: 'sms', outcome: 'sent' }],
      [coordinator.id, { channel: 'sms', outcome: 'already-sent' }],
      [coordinator.id, { channel: 'email', outcome: 'sent' }],
    ]),
  );
});

it('refuses bad input, a post without CSRF, a coordinator without a phone, and counselors', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws);
  const session = await loginSession(stack.baseUrl, coordinator.email);
  const attempt = randomUUID();

  expect((await postForm(url(), session, { channel: 'fax', attempt })).status).toBe(400);
  expect((await postForm(url(), session, { channel: 'sms', attempt: 'not-an-id' })).status).toBe(400);
  expect((await postForm(url(), session, { channel: 'sms', attempt }, { csrf: false })).status).toBe(403);
  expect(await smsTo(stack.stores, [coordinator.phone!])).toHaveLength(0);

  await stack.db('users').where({ id: coordinator.id }).update({ phone: null });
  const noPhone = await postForm(url(), session, { channel: 'sms', attempt });
  expect(noPhone.headers.get('location')).toBe('/settings/test-messages?sent=no-phone');

  const counselor = await createCounselor(stack.stores, ws);
  const asCounselor = await loginSession(stack.baseUrl, counselor.email);
  expect((await postForm(url(), asCounselor, { channel: 'sms', attempt: randomUUID() })).status).toBe(403);
  expect(await smsTo(stack.stores, [counselor.phone!])).toHaveLength(0);
  expect((await postForm(url(), undefined, { channel: 'sms', attempt: randomUUID() })).status).toBe(401);
  expect(await stack.stores.audit.list(ws.id, { action: 'provider.test_sent' })).toHaveLength(0);
});
