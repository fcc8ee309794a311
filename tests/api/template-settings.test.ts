// A workspace's own message templates on the real stack: coordinators only, CSRF, the placeholder and
// SMS-segment rules, the preview, and an override that the very next offer SMS carries.
import type { User, Workspace } from '../../db';
import { MESSAGE_KEYS } from '../../notifications/catalogue';
import { getPage, plain, postForm, textOf, type Session } from '../helpers/forms';
import {
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
let coordinator: Session;
let lead: Session;
let counselorSession: Session;
let otherWs: Workspace;
let otherCoordinator: Session;

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['addiction'] });
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
  lead = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws, 'lead')).email);
  counselorSession = await loginSession(stack.baseUrl, counselor.email);
  otherWs = await createWorkspace(stack.stores);
  otherCoordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, otherWs)).email);
});

const listUrl = () => `${stack.baseUrl}/settings/templates`;
const editUrl = (key: string, language = 'en') => `${stack.baseUrl}/settings/templates/${key}/${language}`;
const own = (key: string, language = 'en', workspace = ws) => stack.stores.templates.get(workspace.id, key, language);

describe('who may read and change templates', () => {
  it('is for coordinators only: signed out to the sign-in page (401 for a form), counselor and lead 403', async () => {
    for (const url of [listUrl(), editUrl('offer.sms')]) {
      const anonymous = await getPage(url);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/login');
      expect((await getPage(url, counselorSession)).status).toBe(403);
      expect((await getPage(url, lead)).status).toBe(403);
      expect((await getPage(url, coordinator)).status).toBe(200);
    }
    const save = { body: 'Hello {topic}', action: 'save' };
    expect((await postForm(editUrl('covered.sms'), undefined, save)).status).toBe(401);
    expect((await postForm(editUrl('covered.sms'), counselorSession, save)).status).toBe(403);
    expect((await postForm(editUrl('covered.sms'), lead, save)).status).toBe(403);
    expect(await own('covered.sms')).toBeUndefined();
  });

  it('answers an unknown message or language with 404', async () => {
    expect((await getPage(editUrl('offer.fax'), coordinator)).status).toBe(404);
    expect((await getPage(editUrl('offer.sms', 'de'), coordinator)).status).toBe(404);
    expect((await postForm(editUrl('offer.fax'), coordinator, { body: 'x', action: 'save' })).status).toBe(404);
  });

  it('refuses a save without the CSRF token and saves nothing', async () => {
    const res = await postForm(
      editUrl('covered.sms'),
      coordinator,
      { body: 'Covered, thanks!', action: 'save' },
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(await own('covered.sms')).toBeUndefined();
  });

  it("keeps each team's templates its own", async () => {
    const res = await postForm(editUrl('covered.sms'), otherCoordinator, {
      body: 'Other team: covered.',
      action: 'save',
    });
    expect(res.status).toBe(303);
    expect((await own('covered.sms', 'en', otherWs))?.body).toBe('Other team: covered.');
    expect(await own('covered.sms')).toBeUndefined();
    const list = await (await getPage(listUrl(), coordinator)).text();
    expect(list).toContain('data-key="covered.sms" data-language="en" data-own="no"');
  });
});

describe('the template list and editor', () => {
  it('lists every message in English and Russian, saying which are the team’s own', async () => {
    const html = await (await getPage(listUrl(), coordinator)).text();
    for (const key of MESSAGE_KEYS) {
      for (const language of ['en', 'ru']) {
        expect(html).toContain(`data-key="${key}" data-language="${language}"`);
        expect(html).toContain(`href="/settings/templates/${key}/${language}"`);
      }
    }
    expect(html.match(/data-key="/g)).toHaveLength(MESSAGE_KEYS.length * 2);
  });

  it('opens the editor on the default text, with a subject for email messages only', async () => {
    const sms = await (await getPage(editUrl('offer.sms'), coordinator)).text();
    expect(sms).toContain('data-own="no"');
    expect(sms).toContain(
      '{urgent}New request: {topic}, {language}. Reply A{code} to accept, D{code} to decline.{link}</textarea',
    );
    expect(sms).not.toContain('id="subject"');
    expect(sms).toContain(`name="_csrf" value="${coordinator.csrf}"`);
    const email = await (await getPage(editUrl('offer.email'), coordinator)).text();
    expect(email).toMatch(/id="subject"[^>]*value="\{urgent\}New peer support request: \{lockTopic\}"/);
  });

  it('previews with example values, and for a text the segment count and encoding; nothing is saved', async () => {
    const res = await postForm(editUrl('offer.sms'), coordinator, {
      body: 'Request: {topic}, {language}. Reply A{code}.{link}',
      action: 'preview',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const typical = plain(/data-kind="typical"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
    expect(typical).toMatch(
      new RegExp(`Request: Grief, English\\. Reply A3\\. ${stack.baseUrl.replace(/[.]/g, '\\.')}/o/[A-Za-z0-9_-]{22}`),
    );
    expect(html).toMatch(/data-kind="typical"[\s\S]*?data-segments="1" data-encoding="GSM-7"/);
    const longest = plain(/data-kind="longest"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
    // The longest of the topic names texts use (GSM-7 short forms).
    expect(longest).toContain('General support');
    expect(longest).toContain('A99');
    // The text typed is kept in the editor.
    expect(html).toContain('Request: {topic}, {language}. Reply A{code}.{link}</textarea');
    expect(await own('offer.sms')).toBeUndefined();
  });

  it('warns in the preview when an offer SMS would need more than one segment', async () => {
    const res = await postForm(editUrl('offer.sms'), coordinator, {
      body: '{urgent}A new request has come in: {topic}, in {language}. Reply A{code} to accept it, or D{code} if you cannot take it this time.{link}',
      action: 'preview',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-kind="longest"[\s\S]*?data-segments="2" data-encoding="GSM-7"/);
    expect(plain(html)).toContain(
      'This offer needs 2 segments. An offer must fit in one: it cannot be saved like this.',
    );
  });

  it('refuses to save an offer SMS that needs more than one segment with the longest realistic values', async () => {
    const body =
      '{urgent}A new request has come in: {topic}, in {language}. Reply A{code} to accept it, or D{code} if you cannot take it this time.{link}';
    const res = await postForm(editUrl('offer.sms'), coordinator, { body, action: 'save' });
    expect(res.status).toBe(400);
    const error = textOf(await res.text(), 'body-error');
    expect(error).toMatch(/^With the longest realistic values this offer is \d+ characters in GSM-7, 2 SMS segments/);
    expect(await own('offer.sms')).toBeUndefined();
    // Cyrillic switches the SMS to UCS-2, 70 characters a segment.
    const cyrillic = await postForm(editUrl('offer.sms', 'ru'), coordinator, {
      body: '{urgent}Новый запрос: {topic}, {language}. Ответьте A{code}, чтобы принять.{link}',
      action: 'save',
    });
    expect(cyrillic.status).toBe(400);
    expect(textOf(await cyrillic.text(), 'body-error')).toMatch(/in UCS-2, \d+ SMS segments/);
    expect(await own('offer.sms', 'ru')).toBeUndefined();
  });

  it('refuses a placeholder the default does not use, naming it', async () => {
    const res = await postForm(editUrl('covered.sms'), coordinator, {
      body: 'Thanks {name}, the {topic} request is covered.',
      action: 'save',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textOf(html, 'body-error')).toBe('{name} is not a placeholder this message can use: it has none');
    expect(await own('covered.sms')).toBeUndefined();
    const subject = await postForm(editUrl('won.email'), coordinator, {
      subject: 'Yours, {counselorName}',
      body: 'Their contact: {url}',
      action: 'save',
    });
    expect(subject.status).toBe(400);
    expect(textOf(await subject.text(), 'subject-error')).toBe(
      // The winner's messages no longer take {contact}: only the link to it.
      '{counselorName} is not a placeholder this message can use: use {url}',
    );
    const noSubject = await postForm(editUrl('won.email'), coordinator, {
      subject: ' ',
      body: 'Yours.',
      action: 'save',
    });
    expect(noSubject.status).toBe(400);
    expect(textOf(await noSubject.text(), 'subject-error')).toBe('Write a subject');
    expect(await own('won.email')).toBeUndefined();
  });

  it('saves an override that the next offer SMS carries, and restores the default', async () => {
    const body = 'Team offer: {topic} in {language}. Text A{code} to take it.{link}';
    const res = await postForm(editUrl('offer.sms'), coordinator, { body: `${body}\r\n`, action: 'save' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/templates/offer.sms/en?saved=1');
    expect((await own('offer.sms'))?.body).toBe(body);
    const page = await (await getPage(`${stack.baseUrl}${res.headers.get('location')}`, coordinator)).text();
    expect(plain(page)).toContain('Saved. Messages sent from now on use this text.');
    expect(page).toContain('data-own="yes"');
    const list = await (await getPage(listUrl(), coordinator)).text();
    expect(list).toContain('data-key="offer.sms" data-language="en" data-own="yes"');

    const phone = counselor.phone as string;
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'addiction',
      email: 'someone@example.org',
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const [sms] = await waitFor(
      'the offer SMS',
      async () => {
        const found = await smsTo(stack.stores, [phone]);
        if (found.length === 0) throw new Error('no SMS yet');
        return found;
      },
      20_000,
    );
    // A team's own text is discreet too: {topic} is a neutral word for a sensitive topic on a lock screen.
    expect(sms.body).toMatch(/^Team offer: Peer support in English\. Text A\d+ to take it\. http:\/\/\S+\/o\/\S+$/);

    const restored = await postForm(editUrl('offer.sms'), coordinator, { action: 'restore' });
    expect(restored.status).toBe(303);
    expect(restored.headers.get('location')).toBe('/settings/templates/offer.sms/en?restored=1');
    expect(await own('offer.sms')).toBeUndefined();
    const after = await (await getPage(`${stack.baseUrl}${restored.headers.get('location')}`, coordinator)).text();
    expect(plain(after)).toContain('Restored: this message uses the default text again.');
    expect(after).toContain('data-own="no"');
  });
});

describe('lock screens', () => {
  it('keep sensitive topics off texts until a coordinator shows them; counselors and leads cannot', async () => {
    const lockUrl = `${stack.baseUrl}/settings/templates/lock-screen`;
    expect((await postForm(lockUrl, counselorSession, { details: 'on' })).status).toBe(403);
    expect((await postForm(lockUrl, lead, { details: 'on' })).status).toBe(403);
    expect((await postForm(lockUrl, coordinator, { details: 'yes please' })).status).toBe(400);
    expect((await stack.stores.workspaces.getById(ws.id))?.lockScreenDetails).toBe(false);
    expect(await (await getPage(listUrl(), coordinator)).text()).not.toContain('value="on" checked');

    const saved = await postForm(lockUrl, coordinator, { details: 'on' });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/settings/templates?lockScreen=saved']);
    expect((await stack.stores.workspaces.getById(ws.id))?.lockScreenDetails).toBe(true);
    // Another team's setting is its own.
    expect((await stack.stores.workspaces.getById(otherWs.id))?.lockScreenDetails).toBe(false);

    const phone = counselor.phone as string;
    const before = (await smsTo(stack.stores, [phone])).length;
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'addiction',
      email: 'someone-else@example.org',
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const sms = await waitFor('the offer SMS', async () => {
      const found = await smsTo(stack.stores, [phone]);
      if (found.length <= before) throw new Error('no new SMS yet');
      return found[0];
    });
    expect(sms.body).toMatch(/^New request: Addiction, English\./);

    // Unticked again: discreet.
    expect((await postForm(lockUrl, coordinator, {})).status).toBe(303);
    expect((await stack.stores.workspaces.getById(ws.id))?.lockScreenDetails).toBe(false);
  });
});
