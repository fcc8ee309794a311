// Two-step sign-in on a phone without JavaScript: a coordinator without it is taken from the password to the
// set-up (nothing else opens), types the code their app shows, keeps the recovery codes, and next time the
// password is followed by the code step. Screenshots at phone width: two-step-*.png.
import type { Browser, BrowserContext } from 'playwright-core';
import { expectNoSidewaysScroll, launchBrowser, passCodeStep, phoneContext, saveScreenshot } from '../helpers/browser';
import { createStaff, createWorkspace, TEST_PASSWORD, useTestStack } from '../helpers/stack';
import { rememberTwoStep } from '../helpers/two-step';
import { totpCode, totpStep } from '../../api/auth/totp';

const stack = useTestStack({ worker: false });
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

it('sets two-step sign-in up right after the password, then asks for the code at the next sign-in', async () => {
  const coordinator = await createStaff(stack.stores, await createWorkspace(stack.stores), 'coordinator', {
    twoStep: false,
  });
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });

  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('Email').fill(coordinator.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/login/two-step`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'two-step-setup');
  // Nothing else opens before it is done.
  await page.goto(`${stack.baseUrl}/board`);
  expect(page.url()).toBe(`${stack.baseUrl}/login`);
  await page.goto(`${stack.baseUrl}/login/two-step`);

  const secret = (await page.locator('#totp-secret').innerText()).trim();
  await page.getByLabel('Code').fill('12ab');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('Enter the 6-digit code your app shows (digits only).').waitFor();
  expect((await stack.stores.accounts.totp(coordinator.id)).secret).toBeNull();

  const step = totpStep(Date.now());
  await page.getByLabel('Code').fill(totpCode(secret, step));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('Two-step sign-in is on').waitFor();
  const codes = await page.locator('#recovery-codes code').allInnerTexts();
  expect(codes).toHaveLength(10);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'two-step-recovery-codes');
  rememberTwoStep(coordinator.email, secret, step, codes);
  await Promise.all([page.waitForURL(`${stack.baseUrl}/`), page.getByRole('link', { name: 'Continue' }).click()]);

  await context.clearCookies();
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('Email').fill(coordinator.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await saveScreenshot(page, 'two-step-code');
  await passCodeStep(page, stack.baseUrl, coordinator.email);
  expect(csp).toEqual([]);
});
