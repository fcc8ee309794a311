// A counselor's own availability in a real Chromium on a 360x740 phone with JavaScript off: a bad time is
// named beside its field, then capacity and quiet hours are saved, an away period added, and they pause
// and unpause themselves. No sideways scrolling, no CSP reports.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { launchBrowser, saveScreenshot, phoneSessions, expectNoSidewaysScroll } from '../helpers/browser';
import { createCounselor, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let browser: Browser;
let ws: Workspace;
let counselor: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws);
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

it('sets capacity, quiet hours, an away period and a pause on a phone without JavaScript', async () => {
  const page = await signedInPhone(counselor);
  await page.goto(`${stack.baseUrl}/me/availability`);
  await expectNoSidewaysScroll(page);
  expect(await page.locator('[data-live]').getAttribute('data-live')).toBe('yes');

  // A bad time comes back beside its field, with what was typed kept.
  await page.fill('#capacity', '3');
  await page.fill('#quietStart', '23:75');
  await page.fill('#quietEnd', '07:00');
  await page.selectOption('#timeZone', 'Europe/Tallinn');
  await page.tap('#availability button[type=submit]');
  await page.waitForSelector('#quietStart-error');
  expect(await page.textContent('#quietStart-error')).toContain('HH:MM');
  expect(await page.inputValue('#capacity')).toBe('3');
  expect(await page.getAttribute('#quietStart', 'aria-invalid')).toBe('true');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'availability-error-360');

  await page.fill('#quietStart', '22:30');
  await page.tap('#availability button[type=submit]');
  await page.waitForSelector('text=Saved.');
  expect(await page.inputValue('#capacity')).toBe('3');
  expect(await page.inputValue('#quietStart')).toBe('22:30');
  expect(await page.inputValue('#timeZone')).toBe('Europe/Tallinn');

  await page.fill('#fromOn', daysFromNow(2));
  await page.fill('#untilOn', daysFromNow(6));
  await page.tap('#away button[type=submit]');
  await page.waitForSelector('text=Away period added');
  expect(await page.textContent('#away')).toContain(`${daysFromNow(2)} to ${daysFromNow(6)}`);

  await page.fill('#reason', 'exam week');
  await page.tap('#pause button[type=submit]');
  await page.waitForSelector('text=Paused: exam week');
  expect(await page.textContent('[data-unavailable]')).toContain('paused: exam week');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'availability-paused-360');

  await page.tap('text=Lift this pause');
  await page.waitForSelector('text=Pause lifted');
  const profile = await stack.stores.pool.getProfile(ws.id, counselor.id);
  expect(profile).toMatchObject({
    capacityPerWeek: 3,
    quietStart: '22:30',
    quietEnd: '07:00',
    timeZone: 'Europe/Tallinn',
  });
  expect(profile?.away).toEqual([expect.objectContaining({ fromOn: daysFromNow(2), untilOn: daysFromNow(6) })]);
  expect(await stack.stores.pauses.openFor(counselor.id)).toEqual([]);
});
