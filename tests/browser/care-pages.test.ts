// Care for the carers in a real Chromium on a 360x740 phone with JavaScript off: a coordinator names a
// counselor's supervisor and lifts a cool-down on the profile; the counselor asks for a check-in from home.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { expectNoSidewaysScroll, launchBrowser, phoneSessions, saveScreenshot } from '../helpers/browser';
import { createCounselor, createStaff, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let lead: User;
let counselor: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  lead = await createStaff(stack.stores, ws, 'lead');
  counselor = await createCounselor(stack.stores, ws, { specialisms: ['general', 'suicide-safety'] });
  // A cool-down as the after-care would have started it (its own test drives that on the real workflow).
  await stack.db('counselor_cooldowns').insert({
    workspace_id: ws.id,
    counselor_id: counselor.id,
    categories: ['suicide-ideation'],
    topics: ['suicide-safety'],
    until_at: new Date(Date.now() + 86_400_000),
  });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('names the supervisor and lifts the cool-down on the profile, on a phone', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/pool/${counselor.id}`);
  await page.waitForSelector('#care');
  await expectNoSidewaysScroll(page);
  expect(await page.textContent('#cool-downs')).toContain('Cooling down until');
  await page.selectOption('#supervisorId', lead.id);
  await page.tap('#care form[action$="/supervisor"] button');
  await page.waitForSelector('text=Supervisor saved.');
  expect(await page.textContent('#supervisor')).toContain(lead.name);
  await saveScreenshot(page, 'care-profile-360');
  await page.tap('#cool-downs button');
  await page.waitForSelector('text=Cool-down lifted');
  expect(await page.textContent('#cool-downs')).toContain('No cool-down.');
});

it('lets the counselor ask for a supervision check-in from home, and the lead sees it in the task list', async () => {
  const page = await signedInPhone(counselor);
  await page.goto(`${stack.baseUrl}/me/offers`);
  await page.waitForSelector('#supervision');
  await page.tap('#supervision button');
  await page.waitForSelector('text=Asked: your supervisor has been told');
  await expectNoSidewaysScroll(page);
  expect(await page.textContent('#supervision')).toContain('You have asked for a check-in');
  await saveScreenshot(page, 'supervision-home-360');

  const staff = await signedInPhone(lead);
  await staff.goto(`${stack.baseUrl}/tasks`);
  await staff.waitForSelector('#checkins [data-source="asked"]');
  await expectNoSidewaysScroll(staff);
  await saveScreenshot(staff, 'supervision-tasks-360');
  await staff.tap('#checkins button');
  await staff.waitForSelector('text=Marked done.');
  expect(await staff.textContent('#checkins')).toContain('No supervision check-in open.');
});
