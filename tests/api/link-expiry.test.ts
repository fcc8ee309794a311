// Links expire: offer links (14 days), urgent-alert links (7 days), a requester's status link (30 days after the
// request closes). An expired link answers a clear 410 page and changes nothing; a tampered one is a 404.
import { hashToken } from '../../db';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const DAY = 86_400_000;
const tamper = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
const post = (url: string) => fetch(url, { method: 'POST', headers: { accept: 'text/html' } });
/** Expiry is days away: within a minute of the expected moment. */
const expectAbout = (at: Date | null | undefined, ms: number) => {
  expect(at).toBeInstanceOf(Date);
  expect(Math.abs((at as Date).getTime() - (Date.now() + ms))).toBeLessThan(60_000);
};

async function openRequest(language: string) {
  const ws = await createWorkspace(stack.stores);
  const counselor = await createCounselor(stack.stores, ws, { languages: [language] });
  const { status, body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language,
    topic: 'general',
    email: 'expiry@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  const link = await waitFor('the offer SMS', async () => {
    const [sms] = await smsTo(stack.stores, [counselor.phone as string]);
    if (!sms) throw new Error('no offer yet');
    return acceptLinkIn(sms.body);
  });
  return { ws, counselor, requestId: body.id as string, statusUrl: body.statusUrl as string, offerUrl: link };
}

it('expires an offer link after 14 days: 410, and the offer stays open; a tampered link is a 404', async () => {
  const { requestId, offerUrl } = await openRequest('en');
  const token = offerUrl.split('/o/')[1];
  expectAbout(await stack.stores.linkExpiry.expiresAt('offer', token), 14 * DAY);
  expect((await fetch(offerUrl)).status).toBe(200);

  const bad = `${stack.baseUrl}/o/${tamper(token)}`;
  expect((await fetch(bad)).status).toBe(404);
  expect((await post(`${bad}/accept`)).status).toBe(404);

  await stack
    .db('offer_links')
    .where({ token_hash: hashToken(token) })
    .update({ expires_at: new Date(Date.now() - 1000) });
  const page = await fetch(offerUrl);
  expect(page.status).toBe(410);
  expect(await page.text()).toContain('This offer link has expired.');
  for (const action of ['accept', 'decline', 'refuse', 'escalate']) {
    const res = await post(`${offerUrl}/${action}`);
    expect(res.status).toBe(410);
  }
  const offers = await stack.stores.offers.listForRequest(requestId);
  expect(offers.map((o) => o.status)).toEqual(['open']);
  expect(await stack.db('assignments').where({ request_id: requestId })).toHaveLength(0);
});

it('expires an urgent-alert link after 7 days: 410, and nothing is acknowledged', async () => {
  const { ws, requestId } = await openRequest('es');
  const lead = await createStaff(stack.stores, ws, 'lead');
  const token = await stack.stores.safety.mintAlertLink(requestId, lead.id);
  expectAbout(await stack.stores.linkExpiry.expiresAt('alert', token), 7 * DAY);
  expect((await fetch(`${stack.baseUrl}/a/${token}`)).status).toBe(200);
  expect((await post(`${stack.baseUrl}/a/${tamper(token)}`)).status).toBe(404);

  await stack
    .db('alert_links')
    .where({ token_hash: hashToken(token) })
    .update({ expires_at: new Date(Date.now() - 1000) });
  const page = await fetch(`${stack.baseUrl}/a/${token}`);
  expect(page.status).toBe(410);
  expect(await page.text()).toContain('This alert link has expired.');
  expect((await post(`${stack.baseUrl}/a/${token}`)).status).toBe(410);
  const row = await stack.db('help_requests').where({ id: requestId }).first();
  expect(row.urgent_acknowledged_at).toBeNull();
});

it('keeps a status link working while the request is open, and 30 days after it closes; then 410', async () => {
  const { requestId, statusUrl } = await openRequest('de');
  const token = statusUrl.split('/r/')[1];
  expect(await stack.stores.linkExpiry.expiresAt('status', token)).toBeNull();
  // Tampered: nothing withdrawn.
  expect((await post(`${stack.baseUrl}/r/${tamper(token)}/cancel`)).status).toBe(404);
  expect((await stack.stores.requests.getById(requestId))?.phase).not.toBe('cancelled');

  expect((await post(`${statusUrl}/cancel`)).status).toBe(200);
  // Closing set the clock going (a database trigger, whichever path closed it).
  const expires = await waitFor('the request to be closed', async () => {
    const at = await stack.stores.linkExpiry.expiresAt('status', token);
    if (!at) throw new Error('still open');
    return at;
  });
  expectAbout(expires, 30 * DAY);
  expect((await fetch(statusUrl)).status).toBe(200);

  await stack
    .db('help_requests')
    .where({ id: requestId })
    .update({ status_link_expires_at: new Date(Date.now() - 1000) });
  const page = await fetch(statusUrl);
  expect(page.status).toBe(410);
  expect(await page.text()).toContain('This status link has expired');
  const events = (await stack.stores.events.list(requestId)).length;
  expect((await post(`${statusUrl}/cancel`)).status).toBe(410);
  expect((await stack.stores.events.list(requestId)).length).toBe(events);
});
