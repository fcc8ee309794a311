// Reads and writes on every dispatch, folded into fewer statements (issue 19), each answering exactly what the
// separate statements answered: the intake's workspace with its page languages, own words and service hours; the
// expected wait (the match, quiet hours, past accept times); a request with its workspace's lock-screen setting
// (and the contact, when asked) for the activities that write about it, and for a wave with its move to
// offering; the request's own writes (the row, its first event, its availability, its outbox row); a wave's
// templates.
import { randomUUID } from 'node:crypto';
import type { MatchCriteria, User, Workspace } from '../../db';
import { createMessageRenderer } from '../../notifications/renderer';
import { createCounselor, createWorkspace } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

/** The statements `fn` sends through this connection pool (nothing else uses it meanwhile). */
async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const listener = (q: { sql: string }) => sql.push(q.sql);
  testDb.db.on('query', listener);
  try {
    return { result: await fn(), sql };
  } finally {
    testDb.db.removeListener('query', listener);
  }
}

describe('workspaces.forIntake', () => {
  it('answers what getBySlug, board.settings, pool.teamWords and serviceHours.get answer, in one statement', async () => {
    const ws = await createWorkspace(testDb.stores);
    await testDb.stores.board.saveSettings(ws.id, { timeToHelpTargetMinutes: 240, pageLanguages: ['ru', 'en'] });
    // Added out of order: the intake lists them by kind, then label.
    await testDb.stores.pool.addVocabulary(ws.id, 'specialism', 'caring-for-parents', 'Caring for parents', {
      ru: 'Уход за родителями',
    });
    await testDb.stores.pool.addVocabulary(ws.id, 'lived-experience', 'young-carer', 'Young carer');
    await testDb.stores.pool.addVocabulary(ws.id, 'specialism', 'burnout', 'Burnout');
    const hours = { timeZone: 'Europe/Helsinki', days: [1, 2, 3, 4, 5] as const, from: '09:00', to: '17:00' };
    await testDb.stores.serviceHours.save(ws.id, { ...hours, days: [...hours.days] });

    const { result, sql } = await statementsOf(() => testDb.stores.workspaces.forIntake(ws.slug));
    expect(sql).toHaveLength(1);
    expect(result).toEqual({
      workspace: await testDb.stores.workspaces.getBySlug(ws.slug),
      pageLanguages: (await testDb.stores.board.settings(ws.id)).pageLanguages,
      teamWords: await testDb.stores.pool.teamWords(ws.id),
      serviceHours: await testDb.stores.serviceHours.get(ws.id),
    });
    expect(result?.pageLanguages).toEqual(['ru', 'en']);
    expect(result?.teamWords.map((w) => w.code)).toEqual(['young-carer', 'burnout', 'caring-for-parents']);
    expect(result?.teamWords[2].labels).toEqual({ ru: 'Уход за родителями' });
    expect(result?.serviceHours).toEqual({ ...hours, days: [...hours.days] });
  });

  it('a workspace without words or hours: an empty list and always open; an unknown slug: nothing', async () => {
    const ws = await createWorkspace(testDb.stores);
    const found = await testDb.stores.workspaces.forIntake(ws.slug);
    expect(found).toMatchObject({
      pageLanguages: (await testDb.stores.board.settings(ws.id)).pageLanguages,
      teamWords: [],
      serviceHours: null,
    });
    expect(found?.workspace).toEqual(ws);
    expect(await testDb.stores.workspaces.forIntake(`missing-${randomUUID()}`)).toBeUndefined();
  });
});

describe('matching.expectedWait', () => {
  let ws: Workspace;
  let fast: User;
  let slow: User;
  const criteria = (): MatchCriteria => ({
    workspaceId: ws.id,
    language: 'en',
    topics: ['general'],
    livedExperience: [],
  });

  /** A past accept by the counselor: the offer went out `tookMinutes` before it was taken, 20 days ago. */
  async function pastAccept(counselorId: string, tookMinutes: number) {
    const id = await storeRequest(testDb.stores, ws.id);
    const acceptedAt = new Date(Date.now() - 20 * 86_400_000);
    await testDb.db('offers').insert({
      request_id: id,
      counselor_id: counselorId,
      wave: 1,
      channel: 'sms',
      status: 'won',
      created_at: new Date(acceptedAt.getTime() - tookMinutes * 60_000),
    });
    await testDb.db('assignments').insert({ request_id: id, counselor_id: counselorId, created_at: acceptedAt });
  }

  const hh = (d: Date) => d.toISOString().slice(11, 16);
  const quietNow = (userId: string) =>
    testDb
      .db('counselor_profiles')
      .where({ user_id: userId })
      .update({
        quiet_start: hh(new Date(Date.now() - 3_600_000)),
        quiet_end: hh(new Date(Date.now() + 3_600_000)),
        time_zone: 'UTC',
      });

  beforeAll(async () => {
    ws = await createWorkspace(testDb.stores);
    fast = await createCounselor(testDb.stores, ws, { capacityPerWeek: 20 });
    slow = await createCounselor(testDb.stores, ws, { capacityPerWeek: 20 });
    for (let i = 0; i < 3; i++) {
      await pastAccept(fast.id, 2);
      await pastAccept(slow.id, 50);
    }
  });

  it('counts only the accepts of those free now, in one statement', async () => {
    // Both free: the median of 2, 2, 2, 50, 50, 50 minutes is 26, read as "within 30 minutes".
    expect(await testDb.stores.matching.expectedWait(criteria(), new Date())).toEqual({
      kind: 'within',
      minutes: 30,
      atThisHour: true,
    });
    // The slow one in quiet hours: only the fast one's accepts count.
    await quietNow(slow.id);
    const { result, sql } = await statementsOf(() => testDb.stores.matching.expectedWait(criteria(), new Date()));
    expect(result).toEqual({ kind: 'within', minutes: 5, atThisHour: true });
    expect(sql).toHaveLength(1);
  });

  it('nobody free now: slow; nobody matched: slow, still one statement', async () => {
    await quietNow(fast.id);
    expect(await testDb.stores.matching.expectedWait(criteria(), new Date())).toEqual({ kind: 'slow' });
    const { result, sql } = await statementsOf(() =>
      testDb.stores.matching.expectedWait({ ...criteria(), language: 'xx' }, new Date()),
    );
    expect(result).toEqual({ kind: 'slow' });
    expect(sql).toHaveLength(1);
  });

  it('too few accepts: the usual words', async () => {
    const other = await createWorkspace(testDb.stores);
    await createCounselor(testDb.stores, other);
    expect(
      await testDb.stores.matching.expectedWait(
        { workspaceId: other.id, language: 'en', topics: ['general'], livedExperience: [] },
        new Date(),
      ),
    ).toEqual({ kind: 'usual' });
  });
});

describe('requests.getForMessages', () => {
  it("answers what getById, the workspace's lock-screen setting and getContact answer, in one statement", async () => {
    const ws = await createWorkspace(testDb.stores);
    const contact = { email: 'someone@example.org', phone: '+15005550100', message: 'evenings are best' };
    const id = await storeRequest(testDb.stores, ws.id, {
      language: 'ru',
      topic: 'grief',
      livedExperience: ['bereavement'],
      contact,
    });
    const { result, sql } = await statementsOf(() => testDb.stores.requests.getForMessages(id, { contact: true }));
    expect(sql).toHaveLength(1);
    expect(result).toEqual({ request: await testDb.stores.requests.getById(id), lockScreenDetails: false, contact });
    expect(await testDb.stores.requests.getContact(id)).toEqual(contact);
    // Without the contact asked for, none is given; the team's setting is read as it is now.
    await testDb.stores.workspaces.setLockScreenDetails(ws.id, true);
    expect(await testDb.stores.requests.getForMessages(id)).toEqual({
      request: await testDb.stores.requests.getById(id),
      lockScreenDetails: true,
    });
    expect(await testDb.stores.requests.getForMessages(randomUUID())).toBeUndefined();
    expect(await testDb.stores.requests.getForMessages('not-a-uuid')).toBeUndefined();
  });
});

describe('requests.startOffering', () => {
  it('moves matching to offering and reads the request with its lock-screen setting, in one statement', async () => {
    const ws = await createWorkspace(testDb.stores);
    const id = await storeRequest(testDb.stores, ws.id, { urgent: true });
    const { result, sql } = await statementsOf(() => testDb.stores.requests.startOffering(id));
    expect(sql).toHaveLength(1);
    const stored = await testDb.stores.requests.getById(id);
    expect(stored?.phase).toBe('offering');
    expect(result).toEqual({ request: stored, lockScreenDetails: false });
    // Only from matching: a request already taken keeps its phase, and is read as it is.
    expect(await testDb.stores.requests.setPhase(id, 'assigned', ['offering'])).toBe(true);
    await testDb.stores.workspaces.setLockScreenDetails(ws.id, true);
    expect(await testDb.stores.requests.startOffering(id)).toEqual({
      request: { ...stored, phase: 'assigned' },
      lockScreenDetails: true,
    });
    expect((await testDb.stores.requests.getById(id))?.phase).toBe('assigned');
    expect(await testDb.stores.requests.startOffering(randomUUID())).toBeUndefined();
  });
});

describe('requests.create', () => {
  const input = (workspaceId: string, id: string = randomUUID()) => ({
    id,
    workspaceId,
    language: 'en',
    topic: 'general',
    livedExperience: [],
    safety: 'no' as const,
    urgent: false,
    contact: { email: 'r@example.org' },
    workflowInput: { requestId: id },
    taskQueue: 'folded-reads-test',
  });

  it('writes the request, its first event, its availability and its outbox row in one statement', async () => {
    const ws = await createWorkspace(testDb.stores);
    const start = new Date(Date.now() + 86_400_000);
    const availability = {
      timeZone: 'Europe/Helsinki',
      windows: [{ start, end: new Date(start.getTime() + 3_600_000) }],
    };
    const { result, sql } = await statementsOf(() => testDb.stores.requests.create({ ...input(ws.id), availability }));
    expect(sql).toHaveLength(1);
    const { request } = result;
    expect(await testDb.stores.requests.getById(request.id)).toEqual(request);
    expect(request).toMatchObject({ workspaceId: ws.id, phase: 'matching', topic: 'general', urgent: false });
    expect((await testDb.stores.events.list(request.id)).map((e) => e.type)).toEqual(['submitted']);
    expect(await testDb.stores.aftercare.availability(request.id)).toEqual(availability);
    const outbox = await testDb.db('dispatch_outbox').where({ request_id: request.id });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ task_queue: 'folded-reads-test', workflow_input: { requestId: request.id } });
    expect(await testDb.stores.requests.getByStatusToken(result.statusToken)).toEqual(request);
  });

  it("stores the intake's match as the 'matched' event after 'submitted', in the same statement", async () => {
    const ws = await createWorkspace(testDb.stores);
    const { result, sql } = await statementsOf(() => testDb.stores.requests.create({ ...input(ws.id), matched: 3 }));
    expect(sql).toHaveLength(1);
    expect((await testDb.stores.events.list(result.request.id)).map((e) => [e.type, e.data])).toEqual([
      ['submitted', {}],
      ['matched', { count: 3 }],
    ]);
  });

  it('all or nothing: a request that cannot be stored leaves no event, availability or outbox row', async () => {
    const ws = await createWorkspace(testDb.stores);
    const first = await testDb.stores.requests.create(input(ws.id));
    // The same id again: the request's insert fails, and with it the rest of the statement.
    const again = { ...input(ws.id, first.request.id), workflowInput: { again: true } };
    await expect(testDb.stores.requests.create(again)).rejects.toThrow(/duplicate key/);
    expect(await testDb.stores.events.list(first.request.id)).toHaveLength(1);
    expect(await testDb.db('dispatch_outbox').where({ request_id: first.request.id })).toHaveLength(1);
    // An availability the table refuses (no time zone: not null) takes the request and the rest down with it.
    const broken = input(ws.id);
    await expect(
      testDb.stores.requests.create({
        ...broken,
        availability: { timeZone: null as unknown as string, windows: [] },
      }),
    ).rejects.toThrow(/not-null|null value/);
    expect(await testDb.stores.requests.getById(broken.id)).toBeUndefined();
    expect(await testDb.db('request_events').where({ request_id: broken.id })).toHaveLength(0);
    expect(await testDb.db('dispatch_outbox').where({ request_id: broken.id })).toHaveLength(0);
  });
});

describe('a batch renderer', () => {
  it("reads a workspace's own templates once for the whole batch, whatever the keys and languages", async () => {
    const ws = await createWorkspace(testDb.stores);
    await testDb.stores.templates.save(ws.id, {
      key: 'covered.sms',
      language: 'ru',
      subject: null,
      body: 'Уже взяли, спасибо',
    });
    const texts = createMessageRenderer(testDb.stores).batch();
    const { result, sql } = await statementsOf(() =>
      Promise.all([
        texts.render(ws.id, 'covered.sms', 'ru', {}),
        texts.render(ws.id, 'covered.sms', 'en', {}),
        texts.render(ws.id, 'covered.email', 'ru', {}),
        texts.render(ws.id, 'covered.sms', 'ru', {}),
      ]),
    );
    expect(sql).toHaveLength(1);
    // The team's own text where it has one, the catalogue's elsewhere: what the one-by-one renderer gives.
    const single = createMessageRenderer(testDb.stores);
    expect(result[0].body).toBe('Уже взяли, спасибо');
    expect(result).toEqual([
      await single.render(ws.id, 'covered.sms', 'ru', {}),
      await single.render(ws.id, 'covered.sms', 'en', {}),
      await single.render(ws.id, 'covered.email', 'ru', {}),
      await single.render(ws.id, 'covered.sms', 'ru', {}),
    ]);
    expect(result[1].body).not.toBe(result[0].body);
  });
});
