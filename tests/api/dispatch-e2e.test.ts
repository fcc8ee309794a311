// The walking skeleton end to end over HTTP on the real stack: submit → SMS to exactly the matching
// counselors → accept → assigned, plus the race for one request and the bad inputs.
import type { Workspace, User } from '../../db';
import { workflowIdFor } from '../../workflows/definitions';
import { activityTypes, localActivityTypes, maybeSaveHistory } from '../helpers/histories';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  login,
  loginSession,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
  waitForSmsTo,
} from '../helpers/stack';

const stack = useTestStack();

const accept = (link: string) => fetch(`${link}/accept`, { method: 'POST', redirect: 'manual' });
const resultOf = async (res: Response) => /data-result="([a-z-]+)"/.exec(await res.text())?.[1];

const waitForSms = (phones: string[], count: number) => waitForSmsTo(stack.stores, phones, count);

describe('a request dispatched end to end', () => {
  let ws: Workspace;
  let matching: User[];
  let others: User[];

  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
    const s = stack.stores;
    matching = [
      await createCounselor(s, ws, {
        languages: ['ru', 'en'],
        specialisms: ['grief'],
        livedExperience: ['parent', 'bereavement'],
      }),
      await createCounselor(s, ws, {
        languages: ['ru'],
        specialisms: ['grief', 'trauma'],
        livedExperience: ['bereavement', 'parent', 'recovery'],
      }),
    ];
    const otherWs = await createWorkspace(s);
    others = [
      await createCounselor(s, ws, {
        languages: ['en'],
        specialisms: ['grief'],
        livedExperience: ['parent', 'bereavement'],
      }),
      await createCounselor(s, ws, {
        languages: ['ru'],
        specialisms: ['trauma'],
        livedExperience: ['parent', 'bereavement'],
      }),
      await createCounselor(s, ws, { languages: ['ru'], specialisms: ['grief'], livedExperience: ['parent'] }),
      await createCounselor(s, ws, {
        languages: ['ru'],
        specialisms: ['grief'],
        livedExperience: ['parent', 'bereavement'],
        trainingComplete: false,
      }),
      await createCounselor(s, ws, {
        languages: ['ru'],
        specialisms: ['grief'],
        livedExperience: ['parent', 'bereavement'],
        active: false,
      }),
      await createCounselor(s, otherWs, {
        languages: ['ru'],
        specialisms: ['grief'],
        livedExperience: ['parent', 'bereavement'],
      }),
    ];
  });

  it('offers a Russian-speaking parent in bereavement to exactly the counselors with all three, and the first accept wins', async () => {
    // An address of this test's own: other files email requester@example.org at the same time.
    const requesterEmail = `requester-${Date.now()}@example.org`;
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'ru',
      topic: 'grief',
      livedExperience: ['parent', 'bereavement'],
      email: requesterEmail,
      phone: '+372 5123 4567',
      message: 'I lost my father in spring.',
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.id as string;

    const sms = await waitForSms(
      matching.map((c) => c.phone as string),
      2,
    );
    expect(sms.map((m) => m.to).sort()).toEqual(matching.map((c) => c.phone).sort());
    for (const m of sms) expect(m.body.length).toBeLessThanOrEqual(160);
    // Status read from the workflow: both offered, nobody won yet.
    const coordinator = await createStaff(stack.stores, ws);
    const cookie = await login(stack.baseUrl, coordinator.email);
    const statusBefore = await (
      await fetch(`${stack.baseUrl}/api/requests/${requestId}`, { headers: { cookie } })
    ).json();
    expect(statusBefore.phase).toBe('offering');
    expect(statusBefore.offered.sort()).toEqual(matching.map((c) => c.id).sort());
    // Nobody outside the match heard of it.
    expect(
      await smsTo(
        stack.stores,
        others.map((c) => c.phone as string),
      ),
    ).toHaveLength(0);

    const link = acceptLinkIn(sms[0].body);
    // Opening the link (as a link scanner would) shows the request but accepts nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain('Accept');
    expect(pageText).not.toContain(requesterEmail);
    await fetch(link);
    expect((await stack.stores.requests.getById(requestId))?.phase).toBe('offering');

    const won = await accept(link);
    expect(won.status).toBe(200);
    const wonText = await won.text();
    expect(wonText).toContain('It&#39;s yours');
    expect(wonText).toContain(requesterEmail);
    expect(wonText).toContain('+37251234567');

    const loser = sms.find((m) => m.to !== sms[0].to);
    expect(await resultOf(await accept(acceptLinkIn(loser!.body)))).toBe('taken');

    const status = await (await fetch(`${stack.baseUrl}/api/requests/${requestId}`, { headers: { cookie } })).json();
    // Assigned, or already on to scheduling the session once the after-win messages went out.
    expect(['assigned', 'scheduling']).toContain(status.phase);
    const winner = matching.find((c) => c.phone === sms[0].to)!;
    expect(status.winner).toBe(winner.id);
    expect(status.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['submitted', 'matched', 'wave-sent', 'accepted']),
    );
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(winner.id);

    // The requester's private link tells them someone accepted.
    const statusPage = await (await fetch(submitted.body.statusUrl)).text();
    expect(statusPage).toContain('data-phase="assigned"');

    // The winner is told with the contact, the other counselor that it is covered, the requester by email.
    await waitFor(
      'after-win messages',
      async () => {
        const after = await smsTo(
          stack.stores,
          matching.map((c) => c.phone as string),
        );
        if (after.length < 4) throw new Error(`${after.length}`);
      },
      20_000,
    );
    const mail = await waitFor(
      'requester email',
      async () => {
        const [m] = await stack.stores.devOutbox.list({ to: requesterEmail, kind: 'email' });
        if (!m) throw new Error('none yet');
        return m;
      },
      20_000,
    );
    // In the language the parent asked in.
    expect(mail.subject).toBe('Консультант принял ваш запрос');
  });

  it('matches once, at intake: the timeline says matched once and the workflow asks no match of its own', async () => {
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'ru',
      topic: 'grief',
      livedExperience: ['parent', 'bereavement'],
      email: `requester-${Date.now()}@example.org`,
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.id as string;
    await waitFor(
      'the first wave recorded',
      async () => {
        const types = (await stack.stores.events.list(requestId)).map((e) => e.type);
        if (!types.includes('wave-sent')) throw new Error(types.join(','));
      },
      20_000,
    );
    const events = await stack.stores.events.list(requestId);
    expect(events.slice(0, 2).map((e) => [e.type, e.data])).toEqual([
      ['submitted', {}],
      ['matched', { count: 2 }],
    ]);
    expect(events.filter((e) => e.type === 'matched')).toHaveLength(1);
    // The first wave went to the intake's match, without a local activity (or an activity) matching again, and
    // went out from the worker that ran the workflow task: no activity task at all.
    const history = await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).fetchHistory();
    expect(localActivityTypes(history)).toEqual(['sendWave']);
    expect(activityTypes(history)).toEqual([]);
    const status = await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).query('dispatchStatus');
    expect((status as { offered: string[] }).offered.sort()).toEqual(matching.map((c) => c.id).sort());
    // The outbox keeps the input without the match: a workflow it starts later matches afresh.
    const [row] = await stack.db('dispatch_outbox').where({ request_id: requestId });
    expect(row.workflow_input).not.toHaveProperty('matchedAtIntake');
    // A replay fixture of this path (tests/workflows/request-workflow.test.ts replays every saved history).
    await maybeSaveHistory(stack.temporal, 'first-wave-local', workflowIdFor(requestId));
  });

  it('lets exactly one of seven counselors win when they all tap Accept at the same moment, every time', async () => {
    const raceWs = await createWorkspace(stack.stores);
    const seven = await Promise.all(
      Array.from({ length: 7 }, () =>
        createCounselor(stack.stores, raceWs, { languages: ['et'], specialisms: ['trauma'] }),
      ),
    );
    const phones = seven.map((c) => c.phone as string);
    for (let round = 1; round <= 20; round++) {
      const { body } = await submitRequest(stack.baseUrl, {
        workspace: raceWs.slug,
        language: 'et',
        topic: 'trauma',
        phone: '+3725550000',
        safety: 'no',
      });
      const links = await waitFor(
        `round ${round} offers`,
        async () => {
          const offers = (await smsTo(stack.stores, phones)).filter((m) => /Reply A\d+/.test(m.body));
          if (offers.length < 7 * round) throw new Error(`${offers.length}`);
          return offers.slice(0, 7).map((m) => acceptLinkIn(m.body)); // newest first
        },
        20_000,
      );
      const results = await Promise.all(links.map(async (l) => resultOf(await accept(l))));
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r === 'taken')).toHaveLength(6);
      const [{ count }] = await stack.db('assignments').where({ request_id: body.id }).count();
      expect(Number(count)).toBe(1);
    }
    // Twenty rounds of a submit, seven SMS and seven accepts: a bound for a shared machine, not a speed rule.
  }, 300_000);
});

describe('bad input changes nothing', () => {
  let ws: Workspace;
  const valid = () => ({ workspace: ws.slug, language: 'en', topic: 'general', email: 'a@example.org', safety: 'no' });
  const countRequests = async () =>
    Number((await stack.db('help_requests').where({ workspace_id: ws.id }).count())[0].count);

  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
  });

  it.each([
    ['language', { language: 'klingon' }, 'Choose a language from the list'],
    // A word the team does not have is named (the team's own words are valid: tests/api/team-words.test.ts).
    [
      'topic',
      { topic: 'astrology' },
      'Choose what you would like support with: "astrology" is not one of this team\'s topics.',
    ],
    [
      'livedExperience',
      { livedExperience: ['pirate'] },
      'Choose lived experience from the list: "pirate" is not one of this team\'s lived-experience words.',
    ],
    ['email', { email: 'not-an-email' }, 'Enter a valid email address'],
    ['phone', { phone: '12345' }, 'Enter the phone number with its country code, like +372 5123 4567'],
    ['contact', { email: '', phone: '' }, 'Give an email address or a phone number so a counselor can reach you'],
    ['message', { message: 'x'.repeat(1001) }, 'Keep the message under 1000 characters'],
    ['safety', { safety: 'perhaps' }, 'Please answer whether you are in danger right now'],
  ])('rejects an invalid %s with a 400 naming the field', async (field, change, message) => {
    const before = await countRequests();
    const res = await submitRequest(stack.baseUrl, { ...valid(), ...change });
    expect(res.status).toBe(400);
    expect(res.body.fields[field]).toBe(message);
    expect(await countRequests()).toBe(before);
  });

  it('rejects an unknown workspace and a malformed body without a 500', async () => {
    expect((await submitRequest(stack.baseUrl, { ...valid(), workspace: 'no-such-team' })).status).toBe(404);
    const res = await fetch(`${stack.baseUrl}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workspace":',
    });
    expect(res.status).toBe(400);
  });

  it('re-renders the HTML form with the errors and the values kept', async () => {
    const res = await fetch(`${stack.baseUrl}/w/${ws.slug}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ language: 'en', topic: '', email: 'kept@example.org', safety: 'no' }),
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('Choose what you would like support with');
    expect(text).toContain('value="kept@example.org"');
    expect(await countRequests()).toBe(0);
  });

  it('answers unknown and tampered accept tokens with 404 and changes nothing', async () => {
    const c = await createCounselor(stack.stores, ws);
    const { body } = await submitRequest(stack.baseUrl, valid());
    const [sms] = await waitForSms([c.phone as string], 1);
    const link = acceptLinkIn(sms.body);
    const tampered = link.slice(0, -2) + (link.endsWith('AA') ? 'BB' : 'AA');
    expect((await accept(tampered)).status).toBe(404);
    expect((await fetch(tampered)).status).toBe(404);
    expect((await accept(`${stack.baseUrl}/o/unknown-token`)).status).toBe(404);
    const status = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).query('dispatchStatus');
    expect((status as { winner: string | null }).winner).toBeNull();
    expect(await stack.stores.requests.getAssignee(body.id)).toBeUndefined();
  });

  it('refuses an accept from a counselor the request was not offered to', async () => {
    const offered = await createCounselor(stack.stores, ws, { languages: ['de'], specialisms: ['addiction'] });
    const notOffered = await createCounselor(stack.stores, ws, { languages: ['es'] });
    const { body } = await submitRequest(stack.baseUrl, { ...valid(), language: 'de', topic: 'addiction' });
    await waitForSms([offered.phone as string], 1);
    const { headers } = await loginSession(stack.baseUrl, notOffered.email);
    const res = await fetch(`${stack.baseUrl}/api/requests/${body.id}/accept`, { method: 'POST', headers });
    expect(res.status).toBe(403);
    expect(await stack.stores.requests.getAssignee(body.id)).toBeUndefined();
  });

  it('shows a request status to its own coordinators only', async () => {
    const { body } = await submitRequest(stack.baseUrl, valid());
    const url = `${stack.baseUrl}/api/requests/${body.id}`;
    expect((await fetch(url)).status).toBe(401);
    const counselor = await createCounselor(stack.stores, ws);
    expect((await fetch(url, { headers: { cookie: await login(stack.baseUrl, counselor.email) } })).status).toBe(403);
    const otherCoordinator = await createStaff(stack.stores, await createWorkspace(stack.stores));
    expect((await fetch(url, { headers: { cookie: await login(stack.baseUrl, otherCoordinator.email) } })).status).toBe(
      404,
    );
    const own = await createStaff(stack.stores, ws);
    expect((await fetch(url, { headers: { cookie: await login(stack.baseUrl, own.email) } })).status).toBe(200);
  });
});
