// A requester's contact reaches only whom it must: the winner's SMS and email carry a link, never the contact;
// the page behind it shows the contact only to the winner signed in or on the device that tapped Accept; a HEAD
// or a scanner's GET never counts as a view; each view is audited with account, address and user agent; pages
// with personal data are not cached; a lead sees a contact only for a request escalated to them.
import { randomBytes } from 'node:crypto';
import { getPage } from '../helpers/forms';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  putOnCall,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const views = (requestId: string) =>
  stack
    .db('audit_log')
    .where({ subject_id: requestId, action: 'request.contact_viewed' })
    .orderBy('id')
    .select('actor_id', 'address', 'user_agent', 'detail');

describe('the winner and the contact', () => {
  const tag = randomBytes(4).toString('hex');
  const email = `req-${tag}@example.org`;
  const phone = `+3725${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const message = `Cannot sleep ${tag}`;

  it('gets a link, and the page behind it shows the contact only to them, each view audited', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email,
      phone,
      message,
      safety: 'no',
    });
    const requestId = submitted.body.id as string;
    const [offer] = await waitFor(
      'the offer SMS',
      async () => {
        const sms = await smsTo(stack.stores, [counselor.phone as string]);
        if (!sms.length) throw new Error('none yet');
        return sms;
      },
      20_000,
    );
    const link = acceptLinkIn(offer.body);
    const accepted = await fetch(`${link}/accept`, { method: 'POST', headers: { 'user-agent': 'phone-browser/1' } });
    const acceptedPage = await accepted.text();
    expect(acceptedPage).toContain(phone);
    expect(accepted.headers.get('cache-control')).toBe('no-store');
    const device = accepted.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(device).toMatch(/^pd-contact-[0-9a-f]{32}=/);

    // The winner's SMS and email: the link only.
    const sent = await waitFor(
      'the confirmation SMS and email',
      async () => {
        const sms = (await smsTo(stack.stores, [counselor.phone as string])).find((m) =>
          m.body.startsWith('Confirmed'),
        );
        const mail = (await stack.stores.devOutbox.list({ to: counselor.email, kind: 'email' })).find((m) =>
          /yours/.test(m.subject ?? ''),
        );
        if (!sms || !mail) throw new Error('not yet');
        return { sms, mail };
      },
      20_000,
    );
    for (const body of [sent.sms.body, sent.mail.body]) {
      expect(body).not.toContain(phone);
      expect(body).not.toContain(email);
      expect(body).not.toContain(message);
    }
    const winnerLink = acceptLinkIn(sent.sms.body);
    expect(await views(requestId)).toHaveLength(1); // the accept itself

    // Anything else holding the link: a HEAD, a scanner's GET, a forwarded SMS opened elsewhere.
    const head = await fetch(winnerLink, { method: 'HEAD' });
    expect(head.status).toBe(200);
    for (const l of [winnerLink, link]) {
      const scanned = await fetch(l, { headers: { 'user-agent': 'LinkScanner/2' } });
      const text = await scanned.text();
      expect(text).not.toContain(phone);
      expect(text).not.toContain(email);
      expect(text).not.toContain(message);
      expect(text).toContain('id="contact-hidden"');
    }
    expect(await views(requestId)).toHaveLength(1);

    // The device that tapped Accept, and the winner signed in elsewhere: shown and audited with where from.
    const onDevice = await fetch(winnerLink, { headers: { cookie: device, 'user-agent': 'phone-browser/1' } });
    expect(await onDevice.text()).toContain(phone);
    expect(onDevice.headers.get('cache-control')).toBe('no-store');
    const signedIn = await loginSession(stack.baseUrl, counselor.email);
    const onLaptop = await fetch(winnerLink, { headers: { cookie: signedIn.cookie, 'user-agent': 'laptop/3' } });
    expect(await onLaptop.text()).toContain(email);
    // Another device's forged cookie (right name, wrong signature) opens nothing.
    const forged = device.replace(/=.*$/, '=abc.def');
    expect(await (await fetch(winnerLink, { headers: { cookie: forged } })).text()).not.toContain(phone);

    const rows = await views(requestId);
    expect(rows.map((r) => [r.actor_id, r.detail.via, r.user_agent])).toEqual([
      [counselor.id, 'offer-accept', 'phone-browser/1'],
      [counselor.id, 'offer-page', 'phone-browser/1'],
      [counselor.id, 'offer-page', 'laptop/3'],
    ]);
    for (const r of rows) expect(r.address).toMatch(/127\.0\.0\.1/);
  });

  it('a lead sees a contact only for a request escalated to them (alerted, or on call), audited', async () => {
    const ws = await createWorkspace(stack.stores);
    await createCounselor(stack.stores, ws);
    const lead = await createStaff(stack.stores, ws, 'lead');
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email,
      safety: 'no',
    });
    const requestId = submitted.body.id as string;
    const session = await loginSession(stack.baseUrl, lead.email);
    const refused = await getPage(`${stack.baseUrl}/requests/${requestId}/contact`, session);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain(email);
    expect(await views(requestId)).toHaveLength(0);

    await putOnCall(stack.stores, ws, lead.id);
    const allowed = await getPage(`${stack.baseUrl}/requests/${requestId}/contact`, session);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain(email);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    expect((await views(requestId)).map((r) => r.actor_id)).toEqual([lead.id]);
  });
});

describe('headers', () => {
  it('every page and answer says no-store; static files may be cached', async () => {
    for (const path of ['/login', '/healthz', '/api/requests/00000000-0000-4000-8000-000000000000']) {
      expect((await fetch(`${stack.baseUrl}${path}`)).headers.get('cache-control')).toBe('no-store');
    }
    expect((await fetch(`${stack.baseUrl}/static/app.css`)).headers.get('cache-control')).toMatch(/max-age/);
    // Plain http (tests): no HSTS, no __Host- prefix.
    expect((await fetch(`${stack.baseUrl}/login`)).headers.get('strict-transport-security')).toBeNull();
  });
});
