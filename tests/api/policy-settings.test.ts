// The dispatch policy, as JSON and as a form, on the real stack: coordinators only, nothing invalid saved,
// and a saved policy is the one the next request is dispatched with.
import type { Workspace } from '../../db';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';
import { getPage, plain, postForm, sendJson, textOf, type Session } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const apiUrl = () => `${stack.baseUrl}/api/workspace/policy`;
const pageUrl = () => `${stack.baseUrl}/settings/policy`;
const storedPolicy = async (ws: Workspace) => (await stack.stores.workspaces.getById(ws.id))?.dispatchPolicy;

let ws: Workspace;
let coordinator: Session;
let lead: Session;
let counselorSession: Session;
let otherWs: Workspace;
let otherCoordinator: Session;

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
  lead = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws, 'lead')).email);
  counselorSession = await loginSession(stack.baseUrl, (await createCounselor(stack.stores, ws)).email);
  otherWs = await createWorkspace(stack.stores);
  otherCoordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, otherWs)).email);
});

describe('GET and PUT /api/workspace/policy', () => {
  it('is for coordinators only: signed out 401, counselor and lead 403, coordinator 200 with the policy', async () => {
    expect((await sendJson(apiUrl(), 'GET', undefined)).status).toBe(401);
    expect((await sendJson(apiUrl(), 'GET', counselorSession)).status).toBe(403);
    expect((await sendJson(apiUrl(), 'GET', lead)).status).toBe(403);
    const res = await sendJson(apiUrl(), 'GET', coordinator);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ policy: FAST_POLICY });
    const changed = { ...FAST_POLICY, holdOpen: '1h' };
    expect((await sendJson(apiUrl(), 'PUT', undefined, changed)).status).toBe(401);
    expect((await sendJson(apiUrl(), 'PUT', counselorSession, changed)).status).toBe(403);
    expect((await sendJson(apiUrl(), 'PUT', lead, changed)).status).toBe(403);
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('refuses a PUT without the CSRF token and saves nothing', async () => {
    const res = await sendJson(apiUrl(), 'PUT', coordinator, { ...FAST_POLICY, holdOpen: '2h' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('answers an invalid policy with 400 and every problem, and saves nothing', async () => {
    const res = await sendJson(apiUrl(), 'PUT', coordinator, {
      ...FAST_POLICY,
      waves: [
        { channel: 'fax', wait: '20m' },
        { channel: 'sms', wait: 'soon' },
      ],
      holdOpen: 'forever',
      widening: ['ask-a-friend'],
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/nothing was saved/);
    expect(body.problems).toEqual([
      'waves[0].channel: must be one of sms, email, alert',
      'waves[1].wait: must be a positive duration like "20m" or "PT20M"',
      'holdOpen: must be a duration like "24h" or "PT24H"',
      'widening: a list of steps from drop-lived-experience, general-support',
    ]);
    expect((await sendJson(apiUrl(), 'PUT', coordinator, [1, 2])).status).toBe(400);
    expect((await sendJson(apiUrl(), 'PUT', coordinator, { waves: [] })).status).toBe(400);
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it("changes only the coordinator's own workspace", async () => {
    const res = await sendJson(apiUrl(), 'PUT', otherCoordinator, { ...FAST_POLICY, alternatives: 'Call 116 123' });
    expect(res.status).toBe(200);
    expect(((await storedPolicy(otherWs)) as DispatchPolicy).alternatives).toBe('Call 116 123');
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('saves a valid policy, and a request submitted afterwards is dispatched with it (SMS, then an email offer)', async () => {
    const team = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, team, { languages: ['en'], specialisms: ['trauma'] });
    const session = await loginSession(stack.baseUrl, (await createStaff(stack.stores, team)).email);
    const ask = () =>
      submitRequest(stack.baseUrl, {
        workspace: team.slug,
        language: 'en',
        topic: 'trauma',
        email: 'someone@example.org',
        safety: 'no',
      });
    // Submitted before the change: it keeps the policy it started with (one SMS wave, 30 s).
    const earlier = await ask();
    expect(earlier.status).toBe(201);
    const policy = {
      waves: [
        { channel: 'sms', wait: '1s' },
        { channel: 'email', wait: '1s' },
      ],
      holdOpen: '30s',
      // Fields left out take the defaults; unknown ones are dropped.
      surprise: true,
    };
    const res = await sendJson(apiUrl(), 'PUT', session, policy);
    expect(res.status).toBe(200);
    const expected: DispatchPolicy = {
      ...DEFAULT_DISPATCH_POLICY,
      waves: policy.waves as DispatchPolicy['waves'],
      holdOpen: '30s',
    };
    expect(await res.json()).toEqual({ policy: expected });
    expect(await storedPolicy(team)).toEqual(expected);
    expect(await (await sendJson(apiUrl(), 'GET', session)).json()).toEqual({ policy: expected });

    const submitted = await ask();
    expect(submitted.status).toBe(201);
    const emails = await waitFor(
      'the email offer of wave 2',
      async () => {
        const found = await stack.stores.devOutbox.list({ to: counselor.email, kind: 'email' });
        if (found.length === 0) throw new Error('no email yet');
        return found;
      },
      20_000,
    );
    expect(emails).toHaveLength(1);
    // Discreet by default: the subject names no sensitive topic (the email's body does).
    expect(emails[0].subject).toBe('New peer support request: Peer support');
    expect(emails[0].body).toContain('Topic: Trauma');
    const status = async (id: string) => (await sendJson(`${stack.baseUrl}/api/requests/${id}`, 'GET', session)).json();
    expect(await status(submitted.body.id)).toMatchObject({ wave: 2, channel: 'email' });
    // The earlier request is still on its one SMS wave, as its snapshot says.
    expect(await status(earlier.body.id)).toMatchObject({ phase: 'offering', wave: 1, channel: 'sms' });
    expect(await stack.stores.devOutbox.list({ to: counselor.phone as string, kind: 'sms' })).toHaveLength(2);
  });
});

describe('the policy settings page', () => {
  it('is for coordinators only: signed out to the sign-in page, counselor and lead 403', async () => {
    const anonymous = await getPage(pageUrl());
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login');
    expect((await getPage(pageUrl(), counselorSession)).status).toBe(403);
    expect((await getPage(pageUrl(), lead)).status).toBe(403);
    expect((await postForm(pageUrl(), undefined, { holdOpen: '1h' })).status).toBe(401);
    expect((await postForm(pageUrl(), counselorSession, { holdOpen: '1h' })).status).toBe(403);
    expect((await postForm(pageUrl(), lead, { holdOpen: '1h' })).status).toBe(403);
  });

  it('shows the policy as form fields, one row per wave and a spare one, and says saving affects later requests only', async () => {
    const res = await getPage(pageUrl(), coordinator);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(
      /<select id="wave-0-channel" name="wave-0-channel"[^>]*>[\s\S]*?<option value="sms"\s+selected/,
    );
    expect(html).toMatch(/id="wave-0-wait"[^>]*value="30s"/);
    expect(html).toMatch(/<select id="wave-1-channel"[^>]*>\s*<option value="">No wave<\/option>/);
    expect(html).not.toContain('wave-2-channel');
    expect(html).toMatch(/id="holdOpen"[^>]*value="30s"/);
    expect(html).toMatch(/name="widening"\s+value="drop-lived-experience"\s+checked/);
    expect(html).toMatch(/name="smsIncludesLink" value="1"\s+checked/);
    expect(html).toContain(`name="_csrf" value="${coordinator.csrf}"`);
    expect(plain(html)).toContain('saving changes requests submitted after you save');
    expect(html).not.toContain('<textarea id="policy"'); // real fields, not JSON in a box
  });

  const validForm = () => ({
    'wave-0-channel': 'sms',
    'wave-0-wait': '2m',
    'wave-0-urgentWait': '1m',
    // A row set to "No wave" is left out.
    'wave-1-channel': '',
    'wave-1-wait': '9m',
    'wave-1-urgentWait': '',
    'wave-2-channel': 'email',
    'wave-2-wait': '5m',
    'wave-2-urgentWait': '',
    'wave-3-channel': 'alert',
    'wave-3-wait': '0s',
    'wave-3-urgentWait': '',
    holdOpen: '1h',
    urgentHoldOpen: '',
    assignmentRefusalWindow: '30m',
    widening: ['general-support'],
    alternatives: 'Call the helpline on 116 123.\r\nOr text HELLO to 85258.',
    action: 'save',
  });

  it('shows invalid durations next to their fields and saves nothing', async () => {
    const res = await postForm(pageUrl(), coordinator, {
      ...validForm(),
      'wave-2-wait': 'soon',
      'wave-0-urgentWait': '-5m',
      holdOpen: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textOf(html, 'wave-2-wait-error')).toBe('must be a positive duration like "20m" or "PT20M"');
    expect(textOf(html, 'wave-0-urgentWait-error')).toBe('must be a positive duration like "5m" or "PT5M"');
    expect(textOf(html, 'holdOpen-error')).toBe('must be a duration like "24h" or "PT24H"');
    expect(html).toMatch(/id="wave-2-wait"[^>]*value="soon"[^>]*aria-invalid="true"/);
    expect(plain(html)).toContain('Nothing was saved');
    expect(plain(html)).toContain('Wave 3, wait: must be a positive duration');
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);

    const noWaves = await postForm(pageUrl(), coordinator, {
      ...validForm(),
      'wave-0-channel': '',
      'wave-2-channel': '',
      'wave-3-channel': '',
    });
    expect(noWaves.status).toBe(400);
    expect(textOf(await noWaves.text(), 'waves-error')).toBe('at least one wave is needed');
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('refuses a form without the CSRF token and saves nothing', async () => {
    const res = await postForm(pageUrl(), coordinator, validForm(), { csrf: false });
    expect(res.status).toBe(403);
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('adds a wave row without saving', async () => {
    const res = await postForm(pageUrl(), coordinator, { ...validForm(), action: 'add-wave' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="wave-3-wait"[^>]*value="0s"/);
    expect(html).toContain('wave-4-channel');
    expect(await storedPolicy(ws)).toEqual(FAST_POLICY);
  });

  it('saves a valid form and redirects back with a confirmation', async () => {
    const res = await postForm(pageUrl(), coordinator, validForm());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/policy?saved=1');
    // What the form does not show is kept; the urgent hold-open left empty is unset.
    const { urgentHoldOpen: _unset, ...kept } = FAST_POLICY;
    expect(await storedPolicy(ws)).toEqual({
      ...kept,
      waves: [
        { channel: 'sms', wait: '2m', urgentWait: '1m' },
        { channel: 'email', wait: '5m' },
        { channel: 'alert', wait: '0s' },
      ],
      holdOpen: '1h',
      widening: ['general-support'],
      smsIncludesLink: false,
      alternatives: 'Call the helpline on 116 123.\nOr text HELLO to 85258.',
      assignmentRefusalWindow: '30m',
    });
    const after = await (await getPage(`${stack.baseUrl}/settings/policy?saved=1`, coordinator)).text();
    expect(plain(after)).toContain('Saved. Requests submitted from now on use this policy.');
    expect(after).toMatch(/id="wave-1-channel"[\s\S]*?<option value="email"\s+selected/);
    expect(after).toContain('Or text HELLO to 85258.</textarea');
    expect(after).not.toMatch(/name="smsIncludesLink" value="1"\s+checked/);
  });
});
