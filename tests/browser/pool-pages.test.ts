// The coordinator's pool pages in a real Chromium on a 360x740 phone with JavaScript off: the pool list, a
// counselor's profile (a supervised session signed off, a bad certification date named beside its field) and
// the coverage matrices, with no sideways scrolling and no CSP reports.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { launchBrowser, saveScreenshot, phoneSessions, expectNoSidewaysScroll } from '../helpers/browser';
import { createCounselor, createStaff, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let trainee: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  await createCounselor(stack.stores, ws, { languages: ['ru', 'en'], specialisms: ['grief', 'general'] });
  trainee = await createCounselor(stack.stores, ws, { trainingComplete: false });
  await stack.stores.pool.updateProfile(ws.id, trainee.id, {
    qualifiedOn: '2025-01-01',
    programmeTrainedOn: '2025-02-01',
  });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('shows the pool, signs off a supervised session and names a bad certification date, on a phone', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/pool`);
  await expectNoSidewaysScroll(page);
  const card = page.locator(`[data-counselor="${trainee.id}"]`);
  expect(await card.textContent()).toContain('Not live: training: supervised practice 0/3');
  await saveScreenshot(page, 'pool-360');

  await card.locator('a').tap();
  await page.waitForSelector('#supervised');
  await expectNoSidewaysScroll(page);
  await page.fill('#sessionOn', '2025-03-01');
  await page.tap('#training button[type=submit]');
  await page.waitForSelector('text=Supervised session signed off.');
  expect(await page.textContent('#supervised')).toContain('1/3 signed off');

  await page.fill('#certName', 'First aid');
  await page.evaluate(() => {
    // A date field's picker cannot produce a bad date; a typed-in value (no date support) can.
    (document.querySelector('#expiresOn') as HTMLInputElement).type = 'text';
  });
  await page.fill('#expiresOn', '2026-02-31');
  await page.tap('#certifications button[type=submit]');
  await page.waitForSelector('#expiresOn-error');
  expect(await page.textContent('#expiresOn-error')).toContain('Enter a real date');
  expect(await page.inputValue('#certName')).toBe('First aid');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'pool-profile-360');

  await page.goto(`${stack.baseUrl}/pool/coverage`);
  await expectNoSidewaysScroll(page);
  expect(await page.getAttribute('#by-specialism td[data-row="ru"][data-column="grief"]', 'data-count')).toBe('1');
  await saveScreenshot(page, 'pool-coverage-360');
});
