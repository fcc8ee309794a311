// The pool pages over real HTTP: a coordinator sees who is live and why, edits a profile (bad input changes
// nothing and is named per field), signs off supervised sessions until a counselor goes live, records
// certifications; a counselor pauses themselves; roles, workspaces and CSRF are checked.
import type { User, Workspace } from '../../db';
import { getPage, postForm, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let ws: Workspace;
let coordinator: Session;
let trainee: User;
let live: User;
let outsider: User;
beforeAll(async () => {
  const s = stack.stores;
  ws = await createWorkspace(s);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(s, ws)).email);
  live = await createCounselor(s, ws, { languages: ['ru', 'en'], specialisms: ['grief'] });
  trainee = await createCounselor(s, ws, { trainingComplete: false });
  await s.pool.updateProfile(ws.id, trainee.id, { qualifiedOn: '2025-01-01', programmeTrainedOn: '2025-06-01' });
  outsider = await createCounselor(s, await createWorkspace(s));
});

const url = (path: string) => `${stack.baseUrl}${path}`;
const cardOf = (pageHtml: string, id: string) => {
  const m = new RegExp(`<li class="card" data-counselor="${id}">([\\s\\S]*?)</li>\\s*(<li class="card"|</ul>)`).exec(
    pageHtml,
  );
  if (!m) throw new Error(`no card for ${id}`);
  return m[1].replace(/\s+/g, ' ');
};
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('/pool', () => {
  it('shows every counselor, live or not and why, and what expires in the next 30 days', async () => {
    await stack.stores.pool.addCertification(ws.id, live.id, { name: 'First aid', expiresOn: daysFromNow(20) });
    const res = await getPage(url('/pool'), coordinator);
    expect(res.status).toBe(200);
    const pageHtml = await res.text();
    expect(cardOf(pageHtml, live.id)).toContain('data-live="yes"');
    expect(cardOf(pageHtml, trainee.id)).toContain('Not live: training: supervised practice 0/3');
    expect(pageHtml).toMatch(new RegExp(`id="expiring">[\\s\\S]*First aid expires ${daysFromNow(20)}`));
    expect(pageHtml).not.toContain(outsider.id);
  });

  it('signs off supervised sessions until the counselor is live', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = await postForm(url(`/pool/${trainee.id}/signoffs`), coordinator, { sessionOn: daysFromNow(-i) });
      expect(res.status).toBe(303);
    }
    const profile = await (await getPage(url(`/pool/${trainee.id}`), coordinator)).text();
    expect(profile).toContain('3/3 signed off');
    expect(profile).toContain('data-live="yes"');
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect(await stack.stores.matching.matchCounselors(criteria)).toContain(trainee.id);
    // A future session cannot be signed off.
    const bad = await postForm(url(`/pool/${trainee.id}/signoffs`), coordinator, { sessionOn: daysFromNow(3) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('This date is in the future.');
  });

  it('refuses a bad profile per field and changes nothing; saves a good one', async () => {
    const bad = await postForm(url(`/pool/${live.id}/profile`), coordinator, {
      name: '',
      phone: '5551234',
      languages: 'ru, not a code!',
      specialisms: [],
      capacity: 'lots',
      quietStart: '25:00',
      quietEnd: '07:00',
      timeZone: 'Mars/Olympus',
      qualifiedOn: '2025-02-30',
      active: 'on',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('is not a language code');
    expect(text).toContain('Choose at least one specialism.');
    expect(text).toContain('Enter a whole number of sessions');
    expect(text).toContain('Enter a time as HH:MM');
    expect(text).toContain('Choose a time zone');
    expect(text).toContain('Enter a real date');
    expect(text).toContain('Enter their name');
    expect(text).toContain('with its country code');
    expect(text).toContain('value="ru, not a code!"');
    let profile = await stack.stores.pool.getProfile(ws.id, live.id);
    expect(profile?.languages).toEqual(['ru', 'en']);
    expect(profile?.capacityPerWeek).toBeNull();

    const goodForm = {
      name: 'Renamed Counselor',
      phone: live.phone!,
      languages: 'ru, EN, pt-br',
      specialisms: ['grief', 'trauma'],
      livedExperience: ['parent'],
      capacity: '2',
      quietStart: '22:00',
      quietEnd: '07:00',
      timeZone: 'Europe/Tallinn',
      qualifiedOn: '2024-01-05',
      programmeTrainedOn: '2024-02-05',
      sms: 'on',
      active: 'on',
    };
    const good = await postForm(url(`/pool/${live.id}/profile`), coordinator, goodForm);
    expect(good.status).toBe(303);
    profile = await stack.stores.pool.getProfile(ws.id, live.id);
    expect(profile).toMatchObject({
      languages: ['ru', 'en', 'pt-BR'],
      specialisms: ['grief', 'trauma'],
      livedExperience: ['parent'],
      capacityPerWeek: 2,
      quietStart: '22:00',
      quietEnd: '07:00',
      timeZone: 'Europe/Tallinn',
      qualifiedOn: '2024-01-05',
      channels: ['sms', 'email'],
      name: 'Renamed Counselor',
      phoneVerified: true,
    });
    // A new number has to be verified again by the counselor.
    expect(
      (await postForm(url(`/pool/${live.id}/profile`), coordinator, { ...goodForm, phone: '+37255512345' })).status,
    ).toBe(303);
    expect(await stack.stores.pool.getProfile(ws.id, live.id)).toMatchObject({
      phone: '+37255512345',
      phoneVerified: false,
    });
  });

  it('adds a workspace-defined specialism that profiles can then carry', async () => {
    const res = await postForm(url('/pool/vocabulary'), coordinator, { kind: 'specialism', label: 'Eating disorders' });
    expect(res.status).toBe(303);
    expect((await stack.stores.pool.vocabulary(ws.id)).specialisms['eating-disorders']).toBe('Eating disorders');
    const again = await postForm(url('/pool/vocabulary'), coordinator, { kind: 'specialism', label: 'Grief' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already on the list');
  });

  it('answers 404 for another workspace’s counselor, 403 without CSRF or for a counselor', async () => {
    expect((await getPage(url(`/pool/${outsider.id}`), coordinator)).status).toBe(404);
    expect(
      (await postForm(url(`/pool/${outsider.id}/signoffs`), coordinator, { sessionOn: '2025-01-01' })).status,
    ).toBe(404);
    expect((await getPage(url('/pool/not-a-uuid'), coordinator)).status).toBe(404);
    const noCsrf = await postForm(url(`/pool/${live.id}/pause`), coordinator, { reason: 'x' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(await stack.stores.pauses.openFor(live.id)).toEqual([]);
    const asCounselor = await loginSession(stack.baseUrl, live.email);
    expect((await getPage(url('/pool'), asCounselor)).status).toBe(403);
    expect((await getPage(url('/pool'))).status).toBe(303);
  });
});

describe('/me/availability', () => {
  it('lets a counselor pause and unpause themselves, but not lift a coordinator’s pause', async () => {
    const c = await createCounselor(stack.stores, ws);
    const me = await loginSession(stack.baseUrl, c.email);
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };

    expect((await postForm(url('/me/pause'), me, { reason: '' })).status).toBe(303);
    expect(await stack.stores.matching.matchCounselors(criteria)).not.toContain(c.id);
    const [own] = await stack.stores.pauses.openFor(c.id);
    expect(own.source).toBe('self');
    const pageHtml = await (await getPage(url('/me/availability'), me)).text();
    expect(pageHtml).toContain('Not offered now: paused: paused by themselves');
    expect((await postForm(url(`/me/pauses/${own.id}/lift`), me, {})).status).toBe(303);
    expect(await stack.stores.matching.matchCounselors(criteria)).toContain(c.id);

    await postForm(url(`/pool/${c.id}/pause`), coordinator, { reason: 'checking in first' });
    const [theirs] = await stack.stores.pauses.openFor(c.id);
    expect((await postForm(url(`/me/pauses/${theirs.id}/lift`), me, {})).status).toBe(404);
    expect((await stack.stores.pauses.openFor(c.id)).map((p) => p.reason)).toEqual(['checking in first']);
    expect((await postForm(url(`/pool/${c.id}/pauses/${theirs.id}/lift`), coordinator, {})).status).toBe(303);
    expect(await stack.stores.pauses.openFor(c.id)).toEqual([]);
  });

  it('keeps a bad away period out and names the field', async () => {
    const c = await createCounselor(stack.stores, ws);
    const me = await loginSession(stack.baseUrl, c.email);
    const res = await postForm(url('/me/away'), me, { fromOn: daysFromNow(5), untilOn: daysFromNow(2) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The last day must not be before the first.');
    expect((await stack.stores.pool.getProfile(ws.id, c.id))?.away).toEqual([]);
    // Coordinators and leads have no availability page of their own.
    expect((await getPage(url('/me/availability'), coordinator)).status).toBe(403);
  });
});
