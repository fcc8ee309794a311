// The on-call rota over real HTTP: the coordinator's settings page, a lead's /on-call page and the JSON, with the
// role matrix, CSRF, and invalid input answered per field with nothing saved.
import type { User, Workspace } from '../../db';
import { instantFromLocal, localDateTime, onCallAt, type IsoWeekday, type Rota } from '../../domain/rota';
import { toLocalInput } from '../../api/rota/form';
import { formatLocal } from '../../api/rota/view';
import { getPage, plain, postForm, sendJson, textOf as tagText, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });

const ZONE = 'Europe/Tallinn';
const DAY = 86_400_000;
const url = (path: string) => `${stack.baseUrl}${path}`;
/** An element's text as read: the helper puts a space where each tag was, so none before punctuation. */
const textOf = (page: string, id: string) => tagText(page, id).replace(/ ([:,.)])/g, '$1');

interface Team {
  ws: Workspace;
  coordinator: Session;
  leads: User[];
  leadSessions: Session[];
}

async function team(): Promise<Team> {
  const ws = await createWorkspace(stack.stores);
  const [coordinatorUser, l1, l2] = await Promise.all([
    createStaff(stack.stores, ws),
    createStaff(stack.stores, ws, 'lead'),
    createStaff(stack.stores, ws, 'lead'),
  ]);
  await stack.db('users').where({ id: l1.id }).update({ name: 'Lead Liis' });
  await stack.db('users').where({ id: l2.id }).update({ name: 'Lead Mart' });
  const [coordinator, s1, s2] = await Promise.all([
    loginSession(stack.baseUrl, coordinatorUser.email),
    loginSession(stack.baseUrl, l1.email),
    loginSession(stack.baseUrl, l2.email),
  ]);
  return {
    ws,
    coordinator,
    leads: [
      { ...l1, name: 'Lead Liis' },
      { ...l2, name: 'Lead Mart' },
    ],
    leadSessions: [s1, s2],
  };
}

/**
 * A rotation whose handover is 3 days ahead (and so was 4 days ago): nothing changes hands while a test runs, so who
 * is on call "now" is the same for the test and the server.
 */
function rotaFor(leadIds: string[]): Rota {
  const now = new Date();
  const handoverWeekday = localDateTime(new Date(now.getTime() + 3 * DAY), ZONE).weekday as IsoWeekday;
  return {
    timeZone: ZONE,
    handoverWeekday,
    handoverTime: '09:00',
    leadIds,
    startsOn: localDateTime(new Date(now.getTime() - 21 * DAY), ZONE).date,
  };
}

const rotaForm = (rota: Rota, extra: Record<string, string> = {}): Record<string, string> => ({
  timeZone: rota.timeZone,
  handoverWeekday: String(rota.handoverWeekday),
  handoverTime: rota.handoverTime,
  startsOn: rota.startsOn,
  ...Object.fromEntries(rota.leadIds.map((id, i) => [`lead-${i}`, id])),
  ...extra,
});

const storedRota = async (ws: Workspace) => {
  const rota = await stack.stores.rota.get(ws.id);
  if (!rota) return null;
  const { updatedAt: _u, updatedBy: _b, workspaceId: _w, ...rest } = rota;
  return rest;
};
const overridesOf = (ws: Workspace) => stack.stores.rota.listOverrides(ws.id, new Date(0));

/** A minute-precise local time in the zone, as a datetime-local field sends it, and the instant it means. */
function localAt(ms: number): { input: string; instant: Date } {
  const input = toLocalInput(new Date(ms), ZONE);
  const [date, time] = input.split('T');
  return { input, instant: instantFromLocal(date, time, ZONE) };
}

describe('who may see and change the rota', () => {
  let t: Team;
  let counselor: Session;
  let otherCoordinator: Session;
  let overrideId: string;
  let saved: Rota;
  beforeAll(async () => {
    t = await team();
    counselor = await loginSession(stack.baseUrl, (await createCounselor(stack.stores, t.ws)).email);
    const other = await createWorkspace(stack.stores);
    otherCoordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, other)).email);
    saved = rotaFor(t.leads.map((l) => l.id));
    await stack.stores.rota.save(t.ws.id, saved);
    overrideId = (
      await stack.stores.rota.addOverride(t.ws.id, {
        leadId: t.leads[1].id,
        startsAt: new Date(Date.now() + 5 * DAY),
        endsAt: new Date(Date.now() + 6 * DAY),
        note: 'swap',
      })
    ).id;
  });

  const changes = (session: Session | undefined) => [
    postForm(url('/settings/rota'), session, rotaForm(rotaFor([t.leads[1].id]))),
    postForm(url('/settings/rota/overrides'), session, {
      overrideLead: 'nobody',
      overrideFrom: localAt(Date.now() + DAY).input,
      overrideTo: localAt(Date.now() + 2 * DAY).input,
    }),
    postForm(url(`/settings/rota/overrides/${overrideId}/remove`), session, {}),
  ];

  async function unchanged() {
    expect(await storedRota(t.ws)).toEqual(saved);
    expect((await overridesOf(t.ws)).map((o) => o.id)).toEqual([overrideId]);
  }

  it('sends a signed-out visitor to sign in, and answers 401 to changes and the JSON', async () => {
    for (const path of ['/settings/rota', '/on-call']) {
      const res = await getPage(url(path));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login');
    }
    expect((await sendJson(url('/api/workspace/on-call'), 'GET', undefined)).status).toBe(401);
    for (const res of await Promise.all(changes(undefined))) expect(res.status).toBe(401);
    await unchanged();
  });

  it('refuses a counselor everything (403)', async () => {
    expect((await getPage(url('/settings/rota'), counselor)).status).toBe(403);
    expect((await getPage(url('/on-call'), counselor)).status).toBe(403);
    expect((await sendJson(url('/api/workspace/on-call'), 'GET', counselor)).status).toBe(403);
    for (const res of await Promise.all(changes(counselor))) expect(res.status).toBe(403);
    await unchanged();
  });

  it('lets a lead see /on-call and the JSON but not the rota settings (403)', async () => {
    const lead = t.leadSessions[0];
    expect((await getPage(url('/settings/rota'), lead)).status).toBe(403);
    for (const res of await Promise.all(changes(lead))) expect(res.status).toBe(403);
    await unchanged();
    const page = await getPage(url('/on-call'), lead);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect((await sendJson(url('/api/workspace/on-call'), 'GET', lead)).status).toBe(200);
  });

  it("answers another workspace's coordinator 404 for this workspace's override, and shows them only their own rota", async () => {
    const res = await postForm(url(`/settings/rota/overrides/${overrideId}/remove`), otherCoordinator, {});
    expect(res.status).toBe(404);
    expect((await postForm(url('/settings/rota/overrides/not-a-uuid/remove'), otherCoordinator, {})).status).toBe(404);
    await unchanged();
    const page = await (await getPage(url('/settings/rota'), otherCoordinator)).text();
    expect(page).not.toContain(t.leads[0].id);
    expect(page).not.toContain('Lead Liis');
    const json = await (await sendJson(url('/api/workspace/on-call'), 'GET', otherCoordinator)).json();
    expect(json.now).toEqual({ leadId: null, name: null, source: 'none' });
  });

  it('refuses changes without the CSRF token (403) and changes nothing', async () => {
    const withoutToken = [
      postForm(url('/settings/rota'), t.coordinator, rotaForm(rotaFor([t.leads[1].id])), { csrf: false }),
      postForm(
        url('/settings/rota/overrides'),
        t.coordinator,
        {
          overrideLead: 'nobody',
          overrideFrom: localAt(Date.now() + DAY).input,
          overrideTo: localAt(Date.now() + 2 * DAY).input,
        },
        { csrf: false },
      ),
      postForm(url(`/settings/rota/overrides/${overrideId}/remove`), t.coordinator, {}, { csrf: false }),
      postForm(
        url('/settings/rota'),
        t.coordinator,
        { ...rotaForm(rotaFor([t.leads[1].id])), _csrf: 'forged' },
        { csrf: false },
      ),
    ];
    for (const res of await Promise.all(withoutToken)) {
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/This form has expired/);
    }
    await unchanged();
  });
});

describe('the coordinator’s rota settings', () => {
  it('saves a rotation and shows who is on call, the next 8 weeks and the handover in the zone', async () => {
    const t = await team();
    const none = await (await getPage(url('/settings/rota'), t.coordinator)).text();
    expect(textOf(none, 'on-call-now')).toBe('Nobody is on call now: alerts go to the coordinators.');
    expect(textOf(none, 'rota-gaps')).toMatch(/Nobody is on call from .* alerts will go to the coordinators/);

    const rota = rotaFor(t.leads.map((l) => l.id));
    const res = await postForm(url('/settings/rota'), t.coordinator, rotaForm(rota, { timeZone: 'europe/tallinn' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/rota?saved=rota');
    expect(await storedRota(t.ws)).toEqual(rota);

    const page = await (await getPage(url('/settings/rota?saved=rota'), t.coordinator)).text();
    expect(page).toContain('Rotation saved.');
    const expected = onCallAt(rota, [], new Date());
    const nowName = t.leads.find((l) => l.id === expected.leadId)!.name;
    expect(textOf(page, 'on-call-now')).toBe(`On call now: ${nowName} (rotation)`);
    expect(textOf(page, 'rota-gaps')).toBe('');
    expect(page).toMatch(new RegExp(`<option value="${t.leads[0].id}"\\s+selected`));
    const rows = textOf(page, 'shifts');
    expect(rows).toContain('Lead Liis');
    expect(rows).toContain('Lead Mart');
    // 8 weeks: the running shift, 7 whole weeks and the start of the next.
    expect(page.match(/<tr\s*>/g)?.length ?? 0).toBeGreaterThanOrEqual(9);
    expect(textOf(page, 'shifts')).toMatch(/09:00/);
  });

  it.each([
    [
      'an unknown time zone',
      { timeZone: 'Mars/Olympus_Mons' },
      'timeZone',
      'Unknown time zone "Mars/Olympus_Mons": use a name like Europe/Tallinn',
    ],
    [
      'handover time 25:00',
      { handoverTime: '25:00' },
      'handoverTime',
      'Enter a 24-hour time from 00:00 to 23:59, like 09:00',
    ],
    ['no handover day', { handoverWeekday: '8' }, 'handoverWeekday', 'Choose the day of the handover'],
    ['a start date that is not a date', { startsOn: '2026-02-30' }, 'startsOn', 'Enter a date, like 2026-03-02'],
    [
      'a lead from another workspace',
      { 'lead-1': 'OTHER' },
      'lead-1',
      'Not a lead of this team: choose one from the list',
    ],
    ['a counselor as a lead', { 'lead-0': 'COUNSELOR' }, 'lead-0', 'Not a lead of this team: choose one from the list'],
  ])('answers %s with 400, the message beside the field, and saves nothing', async (_what, change, field, message) => {
    const t = await team();
    const strangerLead = await createStaff(stack.stores, await createWorkspace(stack.stores), 'lead');
    const counselor = await createCounselor(stack.stores, t.ws);
    const before = rotaFor([t.leads[0].id]);
    await stack.stores.rota.save(t.ws.id, before);
    const sent = Object.fromEntries(
      Object.entries(change).map(([k, v]) => [
        k,
        v === 'OTHER' ? strangerLead.id : v === 'COUNSELOR' ? counselor.id : v,
      ]),
    );
    const res = await postForm(url('/settings/rota'), t.coordinator, rotaForm(rotaFor(t.leads.map((l) => l.id)), sent));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(textOf(page, `${field}-error`)).toBe(message);
    expect(page).toContain('The rotation was not saved');
    // What was sent stays in the form.
    const [k, v] = Object.entries(sent)[0];
    if (!k.startsWith('lead-') && k !== 'handoverWeekday') expect(page).toContain(`value="${v}"`);
    expect(await storedRota(t.ws)).toEqual(before);
  });

  it('lists every problem at once', async () => {
    const t = await team();
    const strangerLead = await createStaff(stack.stores, await createWorkspace(stack.stores), 'lead');
    const res = await postForm(
      url('/settings/rota'),
      t.coordinator,
      rotaForm(rotaFor([t.leads[0].id, strangerLead.id]), { timeZone: 'Nowhere/Special', handoverTime: '25:00' }),
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(textOf(page, 'timeZone-error')).toMatch(/Unknown time zone/);
    expect(textOf(page, 'handoverTime-error')).toMatch(/00:00 to 23:59/);
    expect(textOf(page, 'lead-1-error')).toMatch(/Not a lead of this team/);
    expect(textOf(page, 'lead-0-error')).toBe('');
    expect(await stack.stores.rota.get(t.ws.id)).toBeNull();
  });

  it('adds an override in the rota’s zone, warns of a "nobody" gap ahead (here, on /on-call, on the home page), and removes it', async () => {
    const t = await team();
    const rota = rotaFor(t.leads.map((l) => l.id));
    await stack.stores.rota.save(t.ws.id, rota);
    const from = localAt(Date.now() + 2 * DAY);
    const to = localAt(Date.now() + 2 * DAY + 6 * 3_600_000);
    const res = await postForm(url('/settings/rota/overrides'), t.coordinator, {
      overrideLead: 'nobody',
      overrideFrom: from.input,
      overrideTo: to.input,
      overrideNote: 'Team retreat',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings/rota?saved=override');
    const [stored] = await overridesOf(t.ws);
    expect(stored).toMatchObject({ leadId: null, startsAt: from.instant, endsAt: to.instant, note: 'Team retreat' });

    const warning = `Nobody is on call from ${formatLocal(from.instant, ZONE)} to ${formatLocal(to.instant, ZONE)}: alerts will go to the coordinators.`;
    const settings = await (await getPage(url('/settings/rota'), t.coordinator)).text();
    expect(textOf(settings, 'rota-gaps')).toContain(warning);
    expect(textOf(settings, 'overrides')).toContain('Team retreat');
    const home = await (await getPage(url('/'), t.coordinator)).text();
    expect(textOf(home, 'rota-gaps')).toContain(warning);
    expect(textOf(home, 'rota-home')).toMatch(/On call now: Lead (Liis|Mart)/);
    const onCall = await (await getPage(url('/on-call'), t.leadSessions[0])).text();
    expect(textOf(onCall, 'rota-gaps')).toContain(warning);

    const json = await (await sendJson(url('/api/workspace/on-call'), 'GET', t.leadSessions[0])).json();
    expect(json.gaps).toEqual([{ startsAt: from.instant.toISOString(), endsAt: to.instant.toISOString() }]);
    expect(json.upcoming).toContainEqual({
      leadId: null,
      name: null,
      startsAt: from.instant.toISOString(),
      endsAt: to.instant.toISOString(),
      source: 'override',
      note: 'Team retreat',
    });

    const removed = await postForm(url(`/settings/rota/overrides/${stored.id}/remove`), t.coordinator, {});
    expect(removed.status).toBe(303);
    expect(await overridesOf(t.ws)).toEqual([]);
    expect(textOf(await (await getPage(url('/settings/rota'), t.coordinator)).text(), 'rota-gaps')).toBe('');
  });

  it.each([
    ['an end before the start', { overrideTo: 'BEFORE' }, 'overrideTo', 'The end must be after the start'],
    ['no one chosen', { overrideLead: '' }, 'overrideLead', 'Choose who is on call, or “Nobody”'],
    [
      'a lead from another workspace',
      { overrideLead: 'OTHER' },
      'overrideLead',
      'Not a lead of this team: choose one from the list',
    ],
    [
      'a start that is not a time',
      { overrideFrom: '2026-04-01T25:00' },
      'overrideFrom',
      'Enter a date and time, like 2026-04-01 09:00',
    ],
  ])('refuses an override with %s (400, per field) and adds nothing', async (_what, change, field, message) => {
    const t = await team();
    const strangerLead = await createStaff(stack.stores, await createWorkspace(stack.stores), 'lead');
    const fields: Record<string, string> = {
      overrideLead: t.leads[1].id,
      overrideFrom: localAt(Date.now() + 2 * DAY).input,
      overrideTo: localAt(Date.now() + 3 * DAY).input,
      ...Object.fromEntries(
        Object.entries(change).map(([k, v]) => [
          k,
          v === 'OTHER' ? strangerLead.id : v === 'BEFORE' ? localAt(Date.now() + DAY).input : v,
        ]),
      ),
    };
    const res = await postForm(url('/settings/rota/overrides'), t.coordinator, fields);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(textOf(page, `${field}-error`)).toBe(message);
    expect(page).toContain('The override was not added');
    expect(await overridesOf(t.ws)).toEqual([]);
  });

  it('shows a team without a rota that alerts go to the coordinators, on the home page', async () => {
    const t = await team();
    const home = await (await getPage(url('/'), t.coordinator)).text();
    expect(textOf(home, 'rota-home')).toMatch(/No on-call rota yet: alerts go to the coordinators/);
    const leadHome = await (await getPage(url('/'), t.leadSessions[0])).text();
    expect(leadHome).toContain('href="/on-call"');
  });
});

describe('a lead’s on-call shifts and the JSON', () => {
  it('shows a lead their own upcoming shifts, and the JSON says who is on call now and next', async () => {
    const t = await team();
    const rota = rotaFor(t.leads.map((l) => l.id));
    await stack.stores.rota.save(t.ws.id, rota);
    const now = onCallAt(rota, [], new Date());
    const current = t.leads.findIndex((l) => l.id === now.leadId);
    const next = 1 - current;

    const mine = await (await getPage(url('/on-call'), t.leadSessions[current])).text();
    expect(textOf(mine, 'on-call-now')).toBe(`On call now: ${t.leads[current].name} (rotation)`);
    expect(textOf(mine, 'my-shifts')).toMatch(/^On call now, until /);
    const theirs = await (await getPage(url('/on-call'), t.leadSessions[next])).text();
    const nextShift = textOf(theirs, 'my-shifts');
    // In 3 days, at the handover, local time in the zone; then every other week.
    const handover = instantFromLocal(localDateTime(new Date(Date.now() + 3 * DAY), ZONE).date, '09:00', ZONE);
    expect(nextShift.startsWith(`From ${formatLocal(handover, ZONE)} to `)).toBe(true);
    expect(plain(theirs)).toContain(`Times in ${ZONE}`);

    const res = await sendJson(url('/api/workspace/on-call?days=14'), 'GET', t.coordinator);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.timeZone).toBe(ZONE);
    expect(json.now).toEqual({ leadId: t.leads[current].id, name: t.leads[current].name, source: 'rotation' });
    expect(json.gaps).toEqual([]);
    expect(json.upcoming.map((s: { leadId: string }) => s.leadId)).toEqual([
      t.leads[current].id,
      t.leads[next].id,
      t.leads[current].id,
    ]);
    expect(json.upcoming[1]).toMatchObject({
      name: t.leads[next].name,
      source: 'rotation',
      startsAt: handover.toISOString(),
    });

    const bad = await sendJson(url('/api/workspace/on-call?days=0'), 'GET', t.coordinator);
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields).toEqual({ days: 'a whole number of days from 1 to 56' });
  });

  it('treats a lead who became a counselor as a gap, and says so', async () => {
    const t = await team();
    const rota = rotaFor(t.leads.map((l) => l.id));
    await stack.stores.rota.save(t.ws.id, rota);
    await stack
      .db('users')
      .whereIn(
        'id',
        t.leads.map((l) => l.id),
      )
      .update({ role: 'counselor' });
    const json = await (await sendJson(url('/api/workspace/on-call'), 'GET', t.coordinator)).json();
    expect(json.now).toEqual({ leadId: null, name: null, source: 'rotation' });
    expect(json.gaps).toHaveLength(1);
    const page = await (await getPage(url('/settings/rota'), t.coordinator)).text();
    expect(textOf(page, 'shifts')).toMatch(/Lead (Liis|Mart) is no longer a lead/);
  });
});
