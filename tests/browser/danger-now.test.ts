// A person who says they may be in danger now sees the crisis lines first, in a real browser on a phone,
// with and without JavaScript.
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import { createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it.each([true, false])('shows the crisis lines before anything else (JavaScript %s)', async (javaScriptEnabled) => {
  const ws = await createWorkspace(stack.stores);
  await stack.stores.safety.addCrisisResource(ws.id, {
    name: 'Night Line',
    phone: '+1 555 0199',
    url: null,
    language: null,
    country: null,
    note: 'Open all night',
    position: 0,
  });
  const context = await phoneContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  try {
    await page.goto(`${stack.baseUrl}/w/${ws.slug}/request`);
    // Before the form is sent: what peer support is, and where to go in danger.
    await page.getByRole('heading', { name: 'What peer support is' }).waitFor();
    await page.getByText('Night Line').first().waitFor();
    await page.selectOption('#language', 'en');
    await page.selectOption('#topic', 'suicide-safety');
    await page.fill('#phone', '+15550107777');
    await page.getByLabel('Yes, I may be in danger now').check();
    await page.getByRole('button', { name: 'Send my request' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByText('Night Line').isVisible()).toBe(true);
    // The crisis lines come first on the page, above the confirmation.
    const html = await page.content();
    const main = html.slice(html.indexOf('<main>'));
    expect(main.indexOf('Night Line')).toBeGreaterThanOrEqual(0);
    expect(main.indexOf('Night Line')).toBeLessThan(main.indexOf('Your request is on its way'));
    expect(await page.locator('a[href="tel:+15550199"]').count()).toBe(1);
    // Nothing (not even the long private status link) makes a 360 px phone scroll sideways.
    const box = await page.locator('main').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(360);
    const link = await page.locator('main a[href*="/r/"]').boundingBox();
    expect(link!.x + link!.width).toBeLessThanOrEqual(360);
    await saveScreenshot(page, `danger-now-answer${javaScriptEnabled ? '' : '-no-js'}`);
  } finally {
    await context.close();
  }
});
