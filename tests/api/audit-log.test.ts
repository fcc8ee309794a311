// The audit log, written by real views of contact details: the winner's offer page and the staff contact page;
// read and exported by the workspace's coordinators only (the export recorded too).
import { randomBytes } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { getPage, type Session } from '../helpers/forms';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
let counselor: User;
let coordinatorUser: User;
let coordinator: Session;
let requestId: string;
const email = `audit-${randomBytes(4).toString('hex')}@example.org`;

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws);
  coordinatorUser = await createStaff(stack.stores, ws);
  coordinator = await loginSession(stack.baseUrl, coordinatorUser.email);
});

const actions = async (workspaceId: string) =>
  (await stack.stores.audit.list(workspaceId)).map((e) => ({
    actorId: e.actorId,
    action: e.action,
    via: e.detail.via,
  }));

describe('audit log', () => {
  it('records the winner seeing the contact, and a coordinator opening it from the request page', async () => {
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'general',
      email,
      safety: 'no',
    });
    requestId = submitted.body.id as string;
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
    expect(await actions(ws.id)).toEqual([]); // the offer page before winning shows no contact: nothing recorded
    const won = await fetch(`${link}/accept`, { method: 'POST' });
    expect(await won.text()).toContain(email);
    // The device that tapped Accept keeps seeing it (its cookie); the same link anywhere else does not.
    const device = won.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const again = await fetch(link, { headers: { cookie: device } });
    expect(await again.text()).toContain(email);
    expect(await (await fetch(link)).text()).not.toContain(email);

    const requestPage = await (await getPage(`${stack.baseUrl}/requests/${requestId}`, coordinator)).text();
    expect(requestPage).not.toContain(email); // the request page itself does not show it
    expect(requestPage).toContain(`/requests/${requestId}/contact`);
    const contactPage = await getPage(`${stack.baseUrl}/requests/${requestId}/contact`, coordinator);
    expect(contactPage.status).toBe(200);
    expect(await contactPage.text()).toContain(email);

    expect(await actions(ws.id)).toEqual([
      { actorId: coordinatorUser.id, action: 'request.contact_viewed', via: 'request-contact-page' },
      { actorId: counselor.id, action: 'request.contact_viewed', via: 'offer-page' },
      { actorId: counselor.id, action: 'request.contact_viewed', via: 'offer-accept' },
    ]);
  });

  it('shows coordinators who saw what, newest first, with names, and exports it as CSV (recorded)', async () => {
    const res = await getPage(`${stack.baseUrl}/audit`, coordinator);
    expect(res.status).toBe(200);
    const page = await res.text();
    const rows = [...page.matchAll(/<li data-id="(\d+)" data-action="([^"]+)">([\s\S]*?)<\/li>/g)];
    expect(rows.map((r) => Number(r[1]))).toEqual([...rows.map((r) => Number(r[1]))].sort((a, b) => b - a));
    expect(rows).toHaveLength(3);
    expect(rows[0][3]).toContain(coordinatorUser.name);
    expect(rows[0][3]).toContain('Viewed the requester’s contact details on the request page');
    expect(rows[2][3]).toContain(counselor.name);
    expect(rows[2][3]).toContain(`/requests/${requestId}`);
    expect(page).not.toContain(email);

    const csv = await getPage(`${stack.baseUrl}/audit.csv`, coordinator);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="?audit-log-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor_id,actor,action,description,subject_type,subject_id,detail');
    expect(lines.slice(1).map((l) => /,"?(request\.contact_viewed|audit\.exported)"?,/.exec(l)?.[1])).toEqual([
      'audit.exported',
      'request.contact_viewed',
      'request.contact_viewed',
      'request.contact_viewed',
    ]);
    expect(lines[1]).toContain(coordinatorUser.name);
  });

  it('pages backwards 50 at a time', async () => {
    const other = await createWorkspace(stack.stores);
    const boss = await createStaff(stack.stores, other);
    for (let i = 0; i < 53; i++) {
      await stack.stores.audit.record({
        workspaceId: other.id,
        actorId: boss.id,
        action: 'request.contact_viewed',
        subjectType: 'request',
        subjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      });
    }
    const session = await loginSession(stack.baseUrl, boss.email);
    const first = await (await getPage(`${stack.baseUrl}/audit`, session)).text();
    expect(first.match(/<li data-id=/g)).toHaveLength(50);
    const older = /href="(\/audit\?before=\d+)" rel="next"/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await getPage(`${stack.baseUrl}${older}`, session)).text();
    expect(second.match(/<li data-id=/g)).toHaveLength(3);
    expect(second).toContain('000000000000'); // the very first entry is on the last page
    expect(second).not.toContain('rel="next"');
  });

  it('is not for counselors, leads or another workspace’s coordinator, and the contact page not across workspaces', async () => {
    const before = await actions(ws.id);
    const lead = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws, 'lead')).email);
    const asCounselor = await loginSession(stack.baseUrl, counselor.email);
    for (const path of ['/audit', '/audit.csv']) {
      expect((await getPage(`${stack.baseUrl}${path}`, asCounselor)).status).toBe(403);
      expect((await getPage(`${stack.baseUrl}${path}`, lead)).status).toBe(403);
      expect((await getPage(`${stack.baseUrl}${path}`)).status).toBe(303); // signed out: to the sign-in page
    }
    const stranger = await loginSession(
      stack.baseUrl,
      (await createStaff(stack.stores, await createWorkspace(stack.stores))).email,
    );
    const theirs = await (await getPage(`${stack.baseUrl}/audit`, stranger)).text();
    expect(theirs).not.toContain(requestId);
    expect(theirs).not.toContain(counselor.name);
    expect(await (await getPage(`${stack.baseUrl}/audit.csv`, stranger)).text()).not.toContain(requestId);

    expect((await getPage(`${stack.baseUrl}/requests/${requestId}/contact`, stranger)).status).toBe(404);
    expect((await getPage(`${stack.baseUrl}/requests/${requestId}/contact`, asCounselor)).status).toBe(403);
    expect(await actions(ws.id)).toEqual(before); // refused looks record nothing
  });
});
