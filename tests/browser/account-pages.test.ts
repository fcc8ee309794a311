// The account pages in a real Chromium on a phone, without JavaScript and under the strict CSP: forgot password,
// the emailed link, sign in with the new password, and sign out everywhere from the header's "Sign out".
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, passCodeStep, phoneContext, saveScreenshot } from '../helpers/browser';
import { createStaff, createWorkspace, startTestStack, TEST_PASSWORD, waitFor, type TestStack } from '../helpers/stack';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  stack = await startTestStack({ worker: true }); // the reset email is sent by a workflow, through the ledger
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

it('resets a forgotten password from the emailed link and signs out everywhere, on a phone without JavaScript', async () => {
  const user = await createStaff(stack.stores, await createWorkspace(stack.stores), 'lead');
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });

  await page.goto(`${stack.baseUrl}/login`);
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/forgot-password`),
    page.getByText('Forgot your password?').click(),
  ]);
  await page.getByLabel("Your account's email").fill(user.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByText('If that email belongs to an account').waitFor();
  await saveScreenshot(page, 'phone-forgot-password-sent');

  const mail = await waitFor('the reset email', async () => {
    const [m] = await stack.stores.devOutbox.list({ to: user.email, kind: 'email' });
    if (!m) throw new Error('no email yet');
    return m;
  });
  const link = /(https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail.body)?.[1] as string;
  await page.goto(link);
  const newPassword = 'purple elephants dance at noon';
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByLabel('The same again').fill(newPassword);
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/login?done=reset`),
    page.getByRole('button', { name: 'Set password' }).click(),
  ]);
  await page.getByText('Your password is set. Sign in with it.').waitFor();

  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That email and password do not match an account.').waitFor();
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await passCodeStep(page, stack.baseUrl, user.email);

  await Promise.all([page.waitForURL(`${stack.baseUrl}/logout`), page.getByRole('link', { name: 'Sign out' }).click()]);
  await saveScreenshot(page, 'phone-sign-out');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/login`),
    page.getByRole('button', { name: 'Sign out everywhere' }).click(),
  ]);
  expect(await stack.stores.signInSessions.countFor(user.id)).toBe(0);
  expect(csp).toEqual([]);
});
