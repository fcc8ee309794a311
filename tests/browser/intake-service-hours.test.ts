// Outside the team's service hours, on a 360 px phone: the intake form says when the team answers again (English
// and Russian), still takes the request, and the confirmation says when it will be seen.
import type { Browser, BrowserContext } from 'playwright-core';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import { createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

it('says when the team resumes on the form and the confirmation, and takes the request', async () => {
  const ws = await createWorkspace(stack.stores);
  const today = ((new Date().getUTCDay() + 6) % 7) + 1;
  // Every day but today, whole days: closed now, open again at midnight UTC.
  await stack.stores.serviceHours.save(ws.id, {
    timeZone: 'UTC',
    days: ([1, 2, 3, 4, 5, 6, 7] as const).filter((d) => d !== today),
    from: '00:00',
    to: '00:00',
  });

  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/w/${ws.slug}/request?lang=ru`);
  expect(await page.locator('#service-hours').innerText()).toContain('Сейчас команда не отвечает');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'intake-service-hours-ru-360');

  await page.goto(`${stack.baseUrl}/w/${ws.slug}/request?lang=en`);
  expect(await page.locator('#service-hours').innerText()).toContain('You can still send your request');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'intake-service-hours-360');
  await page.getByLabel('Language you would like to talk in').selectOption('en');
  await page.getByLabel('What would you like support with?').selectOption('general');
  await page.getByRole('textbox', { name: /^Email/ }).fill('someone@example.org');
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('button', { name: 'Send my request' }).click();
  await page.locator('#service-hours').waitFor({ timeout: 10_000 });
  expect(await page.locator('#service-hours').innerText()).toContain('your request is kept and will be seen then');
  expect(await page.locator('h1').innerText()).not.toBe('');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'intake-confirmation-service-hours-360');
  const requests = await stack
    .db('help_requests')
    .where({ workspace_id: ws.id })
    .count<{ count: string }[]>('* as count');
  expect(Number(requests[0].count)).toBe(1);
  await page.close();
});
