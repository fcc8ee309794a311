// The privacy pages on a phone without JavaScript: the staff contact page (recorded), the audit log and the
// retention setting (a bad value shown beside its field, nothing saved). No sideways scrolling, no CSP reports.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, PHONE_VIEWPORT, saveScreenshot } from '../helpers/browser';
import { createStaff, createWorkspace, loginSession, submitRequest, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

it('shows the contact page, the audit log and the retention setting on a phone, without JavaScript', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws);
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'phone-check@example.org',
    message: 'Could someone call me in the evening?',
    safety: 'no',
  });
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: stack.baseUrl }]);
  const page: Page = await context.newPage();
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });
  const fitsThePhone = async () => {
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  };

  await page.goto(`${stack.baseUrl}/requests/${body.id}`);
  await page.getByRole('link', { name: 'Show the requester’s contact details' }).click();
  await page.waitForURL(`${stack.baseUrl}/requests/${body.id}/contact`);
  expect(await page.locator('#contact').innerText()).toContain('phone-check@example.org');
  await fitsThePhone();
  await saveScreenshot(page, 'phone-request-contact');

  await page.goto(`${stack.baseUrl}/audit`);
  const row = page.locator('#audit li').first();
  expect(await row.innerText()).toContain(coordinator.name);
  expect(await row.innerText()).toContain('Viewed the requester’s contact details on the request page');
  await fitsThePhone();
  await saveScreenshot(page, 'phone-audit');

  await page.goto(`${stack.baseUrl}/settings/retention`);
  await page.getByLabel(/Keep contact details for/).fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForLoadState('load');
  expect(await page.locator('#retentionDays-error').innerText()).toContain('at least 1 day');
  expect(await page.getByRole('alert').innerText()).toContain('Nothing was saved');
  await fitsThePhone();
  await saveScreenshot(page, 'phone-retention-error');
  expect(await stack.stores.retention.retentionDays(ws.id)).toBe(90);
  await page.getByLabel(/Keep contact details for/).fill('30');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/settings/retention?saved=1`),
    page.getByRole('button', { name: 'Save' }).click(),
  ]);
  expect(await page.getByRole('status').innerText()).toContain('Saved');
  expect(await stack.stores.retention.retentionDays(ws.id)).toBe(30);
  expect(csp).toEqual([]);
});
