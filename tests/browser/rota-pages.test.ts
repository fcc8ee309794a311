// The on-call rota in a real Chromium on a phone with JavaScript off: a coordinator sets up the rotation and a
// "nobody" override and sees the gap warning; a lead sees their shifts. No sideways scrolling, no CSP reports.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { localDateTime } from '../../domain/rota';
import { launchBrowser, saveScreenshot, phoneSessions, expectNoSidewaysScroll } from '../helpers/browser';
import { createStaff, createWorkspace, useTestStack } from '../helpers/stack';

const ZONE = 'Europe/Tallinn';
const DAY = 86_400_000;

const stack = useTestStack({ worker: false });
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let leads: User[];
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  leads = [await createStaff(stack.stores, ws, 'lead'), await createStaff(stack.stores, ws, 'lead')];
  await stack.db('users').where({ id: leads[0].id }).update({ name: 'Anu Lead' });
  await stack.db('users').where({ id: leads[1].id }).update({ name: 'Peeter Lead' });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('sets up the rotation and a "nobody" override on a phone without JavaScript, and warns of the gap', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/settings/rota`);
  await expectNoSidewaysScroll(page);

  // Started two weeks ago: no gap before the first handover.
  const startsOn = localDateTime(new Date(Date.now() - 14 * DAY), ZONE).date;
  await page.getByLabel('Time zone').fill(ZONE);
  await page.getByLabel('Handover day').selectOption({ label: 'Monday' });
  await page.getByLabel('Handover time').fill('09:00');
  await page.getByLabel('Rotation starts on').fill(startsOn);
  await page.getByLabel('Week 1', { exact: true }).selectOption({ label: 'Anu Lead' });
  await page.getByLabel('Week 2', { exact: true }).selectOption({ label: 'Peeter Lead' });
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/settings/rota?saved=rota`),
    page.getByRole('button', { name: 'Save rotation' }).click(),
  ]);
  expect(await page.getByRole('status').innerText()).toContain('Rotation saved.');
  expect(await stack.stores.rota.get(ws.id)).toMatchObject({
    timeZone: ZONE,
    handoverWeekday: 1,
    handoverTime: '09:00',
    leadIds: [leads[0].id, leads[1].id],
    startsOn,
  });
  expect(await page.locator('#shifts').innerText()).toContain('Anu Lead');

  const from = localDateTime(new Date(Date.now() + 20 * DAY), ZONE).date;
  const until = localDateTime(new Date(Date.now() + 21 * DAY), ZONE).date;
  await page
    .getByLabel('On call', { exact: true })
    .selectOption({ label: 'Nobody (a gap: alerts go to the coordinators)' });
  await page.getByLabel(/^From/).fill(`${from}T09:00`);
  await page.getByLabel(/^To/).fill(`${until}T09:00`);
  await page.getByLabel(/^Note/).fill('Team retreat');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/settings/rota?saved=override`),
    page.getByRole('button', { name: 'Add override' }).click(),
  ]);
  expect(await page.locator('#overrides').innerText()).toContain('Team retreat');
  // 20 days ahead is past the 14-day warning: the gap is in the table, not (yet) in the warning.
  expect(await page.locator('#rota-gaps').count()).toBe(0);
  expect(await page.locator('#shifts').innerText()).toContain('Nobody (alerts go to the coordinators)');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'phone-rota-settings');

  // One within the 14 days is warned about.
  const soon = localDateTime(new Date(Date.now() + 2 * DAY), ZONE).date;
  await page
    .getByLabel('On call', { exact: true })
    .selectOption({ label: 'Nobody (a gap: alerts go to the coordinators)' });
  await page.getByLabel(/^From/).fill(`${soon}T12:00`);
  await page.getByLabel(/^To/).fill(`${soon}T18:00`);
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/settings/rota?saved=override`),
    page.getByRole('button', { name: 'Add override' }).click(),
  ]);
  const warning = await page.getByRole('alert').innerText();
  expect(warning).toMatch(/Nobody is on call from .* 12:00 to .* 18:00: alerts will go to the coordinators\./);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'phone-rota-gap-warning');
});

it('shows a lead their upcoming on-call shifts on a phone', async () => {
  await stack.stores.rota.save(ws.id, {
    timeZone: ZONE,
    handoverWeekday: 1,
    handoverTime: '09:00',
    leadIds: [leads[0].id, leads[1].id],
    startsOn: localDateTime(new Date(), ZONE).date,
  });
  const page = await signedInPhone(leads[1]);
  const res = await page.goto(`${stack.baseUrl}/on-call`);
  expect(res?.status()).toBe(200);
  expect(await page.locator('#my-shifts').innerText()).toMatch(/From .* 09:00 to .* 09:00/);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'phone-on-call');
});
