// Care for the carers on a 360x740 phone with JavaScript off: the coverage forecast, a pool-health flag that
// leads to a private word, and the team channel. No sideways scrolling, no CSP reports; screenshots for docs.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { addDays } from '../../domain/rota';
import { expectNoSidewaysScroll, launchBrowser, phoneSessions, saveScreenshot } from '../helpers/browser';
import { createCounselor, createStaff, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let clara: User;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  browser = await launchBrowser();
  const s = stack.stores;
  ws = await createWorkspace(s);
  coordinator = await createStaff(s, ws);
  const ruGrief = { languages: ['ru', 'en'], specialisms: ['grief', 'general'] };
  await createCounselor(s, ws, ruGrief);
  clara = await createCounselor(s, ws, ruGrief);
  await stack.db('users').where({ id: clara.id }).update({ name: 'Clara Smith' });
  await s.pool.addCertification(ws.id, clara.id, { name: 'Safeguarding', expiresOn: addDays(today, 3) });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('shows the 14-day forecast with the gap that opens and who could close it, on a phone', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/pool`);
  await page.tap('a[href="/forecast"]');
  await page.waitForSelector('#opening');
  await expectNoSidewaysScroll(page);
  const card = page.locator('#opening li.card[data-language="ru"][data-specialism="grief"][data-lived=""]');
  expect(await card.textContent()).toContain("renew Clara's Safeguarding certification");
  expect(await page.locator('#by-day tbody tr').count()).toBeGreaterThan(0);
  await saveScreenshot(page, 'forecast-360');
});

it('goes from a flag on /pool to an edited word in the private thread, and the flag shows it, on a phone', async () => {
  const quiet = await createCounselor(stack.stores, ws);
  await stack
    .db('users')
    .where({ id: quiet.id })
    .update({ name: 'Boris Quiet', created_at: new Date(Date.now() - 20 * 86_400_000) });
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/pool`);
  const flag = page.locator(`[data-counselor="${quiet.id}"] li[data-flag="gone-quiet"]`);
  await flag.locator('a').tap();
  await page.waitForSelector('#body');
  await expectNoSidewaysScroll(page);
  expect(await page.inputValue('#body')).toContain('Hi Boris, it');
  await saveScreenshot(page, 'flag-compose-360');
  await page.fill('#body', 'Hi Boris, how are you doing these days? No pressure at all.');
  await page.tap('form button[type=submit]');
  await page.waitForSelector('#messages');
  expect(await page.textContent('#messages')).toContain('how are you doing these days?');
  await page.goto(`${stack.baseUrl}/pool`);
  expect(await flag.textContent()).toContain(`${coordinator.name} reached out on`);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'flag-reached-out-360');
});

it('lets a coordinator post to the team channel and a counselor reply, on a phone', async () => {
  const counselor = await createCounselor(stack.stores, ws);
  const coordinatorPage = await signedInPhone(coordinator);
  await coordinatorPage.goto(`${stack.baseUrl}/channel`);
  await coordinatorPage.fill('#body-post', 'Supervision group moves to Thursday this week. Tea provided.');
  await coordinatorPage.tap('#new-post button[type=submit]');
  await coordinatorPage.waitForSelector('#posts li.card');
  await expectNoSidewaysScroll(coordinatorPage);
  await coordinatorPage.context().close();

  const page = await signedInPhone(counselor);
  await page.goto(`${stack.baseUrl}/`);
  await page.tap('nav a[href="/channel"]');
  await page.waitForSelector('#posts li.card');
  expect(await page.locator('#new-post').count()).toBe(0);
  const card = page.locator('#posts li.card').first();
  await card.locator('textarea').fill('Thursday works for me, thank you!');
  await card.locator('button[type=submit]').tap();
  await page.waitForSelector('text=Thursday works for me, thank you!');
  await card.locator('textarea').fill('Call them on +44 7700 900123');
  await card.locator('button[type=submit]').tap();
  await page.waitForSelector('text=Take out the email address or phone number');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'team-channel-360');
});
