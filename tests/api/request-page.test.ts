// The request page and its forms over real HTTP on the real stack: who may see and act (role and
// workspace), CSRF, the names and the timeline, and that each form does what the JSON action does.
import request from 'supertest';
import { createApp } from '../../api/app';
import type { User, Workspace } from '../../db';
import { getPage, plain, postForm, sendJson, textOf, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack, waitFor } from '../helpers/stack';
import { submitGriefRequest, untilFirstWaveSent } from '../helpers/past-requests';

const stack = useTestStack();

let ws: Workspace;
let counselor: User;
let spare: User;
let coordinator: Session;
let lead: Session;
let counselorSession: Session;
let otherCoordinator: Session;
let leadUser: User;

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['grief'] });
  // Active but not matching grief: someone to assign by hand.
  spare = await createCounselor(stack.stores, ws, { languages: ['de'], specialisms: ['addiction'] });
  const coordinatorUser = await createStaff(stack.stores, ws, 'coordinator');
  leadUser = await createStaff(stack.stores, ws, 'lead');
  coordinator = await loginSession(stack.baseUrl, coordinatorUser.email);
  lead = await loginSession(stack.baseUrl, leadUser.email);
  counselorSession = await loginSession(stack.baseUrl, counselor.email);
  otherCoordinator = await loginSession(
    stack.baseUrl,
    (await createStaff(stack.stores, await createWorkspace(stack.stores))).email,
  );
});

const eventTypes = async (id: string) => (await stack.stores.events.list(id)).map((e) => e.type);

async function liveRequest(): Promise<string> {
  const id = await submitGriefRequest(stack, ws);
  // Live and quiet: the first wave has gone out and been recorded (FAST_POLICY then waits 30 s on it).
  await untilFirstWaveSent(stack, id, 20_000);
  return id;
}

const pageUrl = (id: string) => `${stack.baseUrl}/requests/${id}`;

/** Everything a form action could change, to show that a refused one changed nothing. */
async function snapshot(id: string) {
  return {
    events: await eventTypes(id),
    phase: (await stack.stores.requests.getById(id))?.phase,
    assignee: await stack.stores.requests.getAssignee(id),
    cancelReason: await stack.stores.requests.getCancelReason(id),
  };
}

describe('the request page', () => {
  let id: string;
  beforeAll(async () => {
    id = await liveRequest();
  });

  it('answers signed-out visitors with the sign-in page, counselors 403, another team 404, its own staff 200', async () => {
    const anonymous = await getPage(pageUrl(id));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login');
    expect((await getPage(pageUrl(id), counselorSession)).status).toBe(403);
    expect((await getPage(pageUrl(id), otherCoordinator)).status).toBe(404);
    expect((await getPage(pageUrl(id), coordinator)).status).toBe(200);
    expect((await getPage(pageUrl(id), lead)).status).toBe(200);
    // Unknown and malformed ids look the same as another team's.
    expect((await getPage(pageUrl('00000000-0000-4000-8000-000000000000'), coordinator)).status).toBe(404);
    expect((await getPage(pageUrl('not-a-uuid'), coordinator)).status).toBe(404);
  });

  it('shows the summary, the live status with names, the timeline in words and the action forms', async () => {
    const res = await getPage(pageUrl(id), coordinator);
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = plain(html);
    expect(text).toContain('Grief');
    expect(text).toContain('English');
    expect(text).toMatch(/Submitted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(html).toContain('data-phase="offering"');
    expect(textOf(html, 'wave')).toBe('1 (SMS)');
    expect(textOf(html, 'offered')).toBe(counselor.name);
    expect(textOf(html, 'offered')).not.toContain(counselor.id);
    expect(textOf(html, 'winner')).toBe('nobody yet');
    expect(text).toContain('Request submitted');
    expect(text).toContain('Matched 1 counselor');
    expect(text).toMatch(/Wave 1 sent by SMS: 1 sent/);
    // Every form carries the session's CSRF token; the assign select lists the team's active counselors by name.
    for (const action of ['assign', 'widen', 'extend', 'cancel']) {
      expect(html).toMatch(
        new RegExp(
          `<form method="post" action="/requests/${id}/${action}"[^>]*>\\s*<input type="hidden" name="_csrf" value="${coordinator.csrf}"`,
        ),
      );
    }
    expect(html).toMatch(new RegExp(`<option\\s+value="${spare.id}"`));
    expect(html).toContain(spare.name);
    // No inline script or style: the CSP forbids them.
    expect(html).not.toMatch(/<script|style=/);
  });

  it('links the coordinator home list to the request page', async () => {
    const home = await (await getPage(`${stack.baseUrl}/`, coordinator)).text();
    expect(home).toContain(`href="/requests/${id}"`);
    expect(home).not.toContain(`href="/api/requests/${id}"`);
  });

  it('links to the workflow in the Temporal UI only when its address is configured', async () => {
    expect(await (await getPage(pageUrl(id), coordinator)).text()).not.toContain('Temporal UI');
    const app = createApp({
      config: { ...stack.config, temporal: { ...stack.config.temporal, uiUrl: 'http://temporal-ui.local:8233/' } },
      stores: stack.stores,
      temporal: stack.temporal,
      log: () => {},
    });
    const res = await request(app).get(`/requests/${id}`).set('cookie', coordinator.cookie).set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      `href="http://temporal-ui.local:8233/namespaces/${stack.config.temporal.namespace}/workflows/request-${id}"`,
    );
  });
});

describe('the action forms', () => {
  const actions: [string, Record<string, string>][] = [
    ['assign', {}],
    ['widen', {}],
    ['extend', { by: '30m' }],
    ['cancel', { reason: 'Duplicate request' }],
  ];

  it.each(actions)(
    '%s: signed out 401, counselor 403, another team 404, no CSRF token 403; nothing changes',
    async (action, fields) => {
      const id = await liveRequest();
      const body = action === 'assign' ? { counselorId: spare.id } : fields;
      const url = `${pageUrl(id)}/${action}`;
      const before = await snapshot(id);
      expect((await postForm(url, undefined, body)).status).toBe(401);
      expect((await postForm(url, counselorSession, body)).status).toBe(403);
      expect((await postForm(url, otherCoordinator, body)).status).toBe(404);
      const noToken = await postForm(url, coordinator, body, { csrf: false });
      expect(noToken.status).toBe(403);
      expect(await noToken.text()).toContain('This form has expired');
      const wrongToken = await postForm(url, coordinator, { ...body, _csrf: otherCoordinator.csrf }, { csrf: false });
      expect(wrongToken.status).toBe(403);
      expect(await snapshot(id)).toEqual(before);
    },
  );

  it('extends with a duration and redirects back with a confirmation; a bad duration is shown on the page', async () => {
    const id = await liveRequest();
    const bad = await postForm(`${pageUrl(id)}/extend`, coordinator, { by: 'soon' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(textOf(badHtml, 'by-error')).toBe('Give a duration like "30m" or "PT2H"');
    expect(badHtml).toMatch(/id="by"[^>]*value="soon"/);
    expect(await eventTypes(id)).not.toContain('extended');

    const ok = await postForm(`${pageUrl(id)}/extend`, lead, { by: '30m' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/requests/${id}?done=extended`);
    const extended = (await stack.stores.events.list(id)).find((e) => e.type === 'extended');
    expect(extended?.data).toEqual({ byMs: 1_800_000, coordinatorId: leadUser.id });
    const after = plain(await (await getPage(`${stack.baseUrl}${ok.headers.get('location')}`, coordinator)).text());
    expect(after).toContain('Extended: the request stays open for assignment longer.');
    expect(after).toContain(`${leadUser.name} extended the hold by 30 min`);
    // The confirmation is a fixed text chosen by a code: nothing from the URL is echoed.
    const echoed = await (await getPage(`${pageUrl(id)}?done=%3Cb%3Ehi`, coordinator)).text();
    expect(echoed).not.toContain('<b>hi');
  });

  it('widens the match through the same service as the JSON action', async () => {
    const id = await liveRequest();
    const res = await postForm(`${pageUrl(id)}/widen`, coordinator, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/requests/${id}?done=widening`);
    expect(await eventTypes(id)).toContain('widen-requested');
    const page = plain(await (await getPage(pageUrl(id), coordinator)).text());
    expect(page).toContain('asked to widen the match');
  });

  it('assigns a counselor of the team chosen from the list; a counselor of another team is refused', async () => {
    const id = await liveRequest();
    const stranger = await createCounselor(stack.stores, await createWorkspace(stack.stores));
    const refused = await postForm(`${pageUrl(id)}/assign`, coordinator, { counselorId: stranger.id });
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text(), 'counselorId-error')).toBe('No such counselor in this team');
    const empty = await postForm(`${pageUrl(id)}/assign`, coordinator, { counselorId: '' });
    expect(empty.status).toBe(400);
    expect(await stack.stores.requests.getAssignee(id)).toBeUndefined();

    const ok = await postForm(`${pageUrl(id)}/assign`, coordinator, { counselorId: spare.id });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/requests/${id}?done=assigned`);
    expect(await stack.stores.requests.getAssignee(id)).toBe(spare.id);
    const html = await (await getPage(pageUrl(id), coordinator)).text();
    expect(html).toContain('data-phase="assigned"');
    expect(textOf(html, 'winner')).toContain(spare.name);
    expect(plain(html)).toMatch(/assigned it to/);
  });

  it('cancels only with a reason; the page then shows the request cancelled, the reason and the closed actions', async () => {
    const id = await liveRequest();
    const noReason = await postForm(`${pageUrl(id)}/cancel`, coordinator, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(textOf(await noReason.text(), 'reason-error')).toBe('Give a reason');
    expect(await stack.stores.requests.getCancelReason(id)).toBeNull();

    const ok = await postForm(`${pageUrl(id)}/cancel`, coordinator, { reason: 'Reached them by phone <directly>' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/requests/${id}?done=cancelling`);
    const html = await waitFor(
      'the page to show the request cancelled',
      async () => {
        const page = await (await getPage(pageUrl(id), coordinator)).text();
        if (!page.includes('data-phase="cancelled"')) throw new Error('not cancelled yet');
        if (!page.includes('data-type="cancelled"')) throw new Error('no timeline record yet');
        return page;
      },
      20_000,
    );
    expect(plain(html)).toContain('Reached them by phone <directly>');
    expect(html).toContain('Reached them by phone &lt;directly&gt;');
    expect(plain(html)).toContain('Cancelled by a coordinator');
    expect(html).not.toContain(`action="/requests/${id}/cancel"`);

    // The workflow has finished: a late form answers 409 on the page, and changes nothing.
    const late = await postForm(`${pageUrl(id)}/assign`, coordinator, { counselorId: spare.id });
    expect(late.status).toBe(409);
    expect(plain(await late.text())).toContain('This request is closed');
    expect(await stack.stores.requests.getAssignee(id)).toBeUndefined();
  });

  it('keeps the JSON actions answering as before (they share the checks with the forms)', async () => {
    const id = await liveRequest();
    const url = `${stack.baseUrl}/api/requests/${id}/extend`;
    const bad = await sendJson(url, 'POST', coordinator, { by: 'later' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'Invalid extension',
      fields: { by: 'Give a duration like "30m" or "PT2H"' },
    });
    expect((await sendJson(url, 'POST', coordinator, { by: '1h' }, { csrf: false })).status).toBe(403);
    const ok = await sendJson(url, 'POST', coordinator, { by: '1h' });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ result: 'extended', byMs: 3_600_000 });
    const assign = await sendJson(`${stack.baseUrl}/api/requests/${id}/assign`, 'POST', otherCoordinator, {
      counselorId: spare.id,
    });
    expect(assign.status).toBe(404);
  });
});
