// Service hours on the real stack: the coordinators' form (refuses bad input with a clear message and changes
// nothing, audits what it saves), and outside the hours the intake form (en, ru), the JSON answer and the status page
// say when the team answers again while the request is still taken. Always open by default: nothing is said.
import { getPage, postForm, textOf } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  submitRequest,
  useTestStack,
} from '../helpers/stack';

const stack = useTestStack();

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** ISO weekday (Monday 1) of a UTC instant. */
const isoDay = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;

const request = (slug: string, language = 'en') => ({
  workspace: slug,
  language,
  topic: 'general',
  email: `req-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`,
  safety: 'no',
});

it('always open by default: the form and the JSON answer say nothing of hours', async () => {
  const ws = await createWorkspace(stack.stores);
  const form = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request`)).text();
  expect(form).not.toContain('id="service-hours"');
  expect(textOf(form, 'intake-lead')).toBe(
    `${ws.name} connects you with a trained peer counselor, usually within hours.`,
  );
  const answer = await submitRequest(stack.baseUrl, request(ws.slug));
  expect(answer.status).toBe(201);
  expect(answer.body.serviceHours).toEqual({ open: true });
});

it('refuses bad hours with a clear message and saves nothing; only coordinators may set them', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  const session = await loginSession(stack.baseUrl, coordinator.email);
  const page = await getPage(`${stack.baseUrl}/settings/service-hours`, session);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/value="always"\s+checked/);

  const bad = await postForm(`${stack.baseUrl}/settings/service-hours`, session, {
    mode: 'hours',
    timeZone: 'Mars/Olympus',
    from: '9am',
    to: '25:00',
  });
  expect(bad.status).toBe(400);
  const text = await bad.text();
  expect(text).toContain('Nothing was saved');
  expect(textOf(text, 'timeZone-error')).toBe('Not a time zone: write it like Europe/Helsinki');
  expect(textOf(text, 'days-error')).toBe('Choose at least one day, or choose "Always open"');
  expect(textOf(text, 'from-error')).toContain('Write the opening time as HH:MM');
  expect(textOf(text, 'to-error')).toContain('Write the closing time as HH:MM');
  expect(await stack.stores.serviceHours.get(ws.id)).toBeNull();
  expect(await stack.stores.audit.list(ws.id, { action: 'service-hours-changed' })).toEqual([]);

  const lead = await createStaff(stack.stores, ws, 'lead');
  const leadSession = await loginSession(stack.baseUrl, lead.email);
  const refused = await postForm(`${stack.baseUrl}/settings/service-hours`, leadSession, { mode: 'always' });
  expect(refused.status).toBe(403);
});

it('outside the hours, the form (en, ru), the JSON answer and the status page say when the team resumes', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  await createCounselor(stack.stores, ws);
  const session = await loginSession(stack.baseUrl, coordinator.email);
  const now = new Date();
  const today = isoDay(now);
  // Whole days, every day but today (UTC): closed now, open again at midnight.
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today).map(String);
  const saved = await postForm(`${stack.baseUrl}/settings/service-hours`, session, {
    mode: 'hours',
    timeZone: 'utc',
    days,
    from: '00:00',
    to: '00:00',
  });
  expect(saved.status).toBe(303);
  expect(await stack.stores.serviceHours.get(ws.id)).toEqual({
    timeZone: 'UTC',
    days: days.map(Number),
    from: '00:00',
    to: '00:00',
  });
  const [audit] = await stack.stores.audit.list(ws.id, { action: 'service-hours-changed' });
  expect(audit).toMatchObject({ actorId: coordinator.id, subjectId: ws.id });

  const tomorrow = WEEKDAYS_EN[today % 7];
  const form = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request?lang=en`)).text();
  const line = textOf(form, 'service-hours');
  expect(line).toContain('The team is not answering right now: it answers again from');
  expect(line).toContain(`${tomorrow} `);
  expect(line).toContain('at 00:00 (UTC time)');
  expect(line).toContain('You can still send your request');
  // Closed: nothing beside the notice promises an answer within hours, in either language.
  expect(textOf(form, 'intake-lead')).toBe(`${ws.name} connects you with a trained peer counselor.`);
  expect(form).not.toMatch(/within hours/);
  const ruForm = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request?lang=ru`)).text();
  const ru = textOf(ruForm, 'service-hours');
  expect(ru).toContain('Сейчас команда не отвечает');
  expect(ru).toContain('00:00 (время: UTC)');
  expect(textOf(ruForm, 'intake-lead')).toBe(`${ws.name} свяжет вас с обученным равным консультантом.`);
  expect(ruForm).not.toMatch(/в течение нескольких часов/);

  // The request is taken all the same, and the answer says when it will be seen.
  const answer = await submitRequest(stack.baseUrl, request(ws.slug));
  expect(answer.status).toBe(201);
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  expect(answer.body.serviceHours).toMatchObject({
    open: false,
    resumesAt: midnight.toISOString(),
    timeZone: 'UTC',
    resumesLocal: `${midnight.toISOString().slice(0, 10)}T00:00`,
  });
  expect(answer.body.serviceHours.message).toMatch(
    new RegExp(
      `^The team answers from ${tomorrow} .* at 00:00 \\(UTC time\\); your request is kept and will be seen then\\.$`,
    ),
  );
  const status = await (await getPage(answer.body.statusUrl as string)).text();
  expect(textOf(status, 'service-hours')).toContain('your request is kept and will be seen then');
  // A counselor could take it, with no answers yet to estimate from: open, the page would say "usually within
  // hours"; closed, only when the team answers again.
  expect(status).not.toMatch(/within hours/);

  // Back to always open: nothing is said any more.
  expect((await postForm(`${stack.baseUrl}/settings/service-hours`, session, { mode: 'always' })).status).toBe(303);
  const openStatus = await (await getPage(answer.body.statusUrl as string)).text();
  expect(textOf(openStatus, 'expected-wait')).toBe('A counselor usually gets in touch within hours, not minutes.');
  expect(await stack.stores.serviceHours.get(ws.id)).toBeNull();
  const reopened = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request`)).text();
  expect(reopened).not.toContain('id="service-hours"');
  expect(textOf(reopened, 'intake-lead')).toContain('usually within hours');
  expect(reopened).toContain('A counselor usually gets in touch within hours, not minutes.');
});
