// Passkeys in Chromium with its virtual authenticator (DevTools Protocol WebAuthn domain: a platform authenticator
// with user verification): a coordinator makes a passkey as the first choice of the two-step set-up, signs in
// with it after the password, and on the account page adds one for another device and removes the first after a
// confirmation (the last one is kept). The app's origin is http://localhost (browsers refuse an IP as the rp id).
// Screenshots at phone width: passkey-*.png.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import { createStaff, createWorkspace, TEST_PASSWORD, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false, publicHost: 'localhost' });
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function addAuthenticator(cdp: CDPSession): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

async function password(page: Page, email: string) {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

it('makes a passkey at set-up, signs in with it, adds another and removes the first', async () => {
  const coordinator = await createStaff(stack.stores, await createWorkspace(stack.stores), 'coordinator', {
    twoStep: false,
  });
  context = await phoneContext(browser);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|error/i.test(m.text())) problems.push(m.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const phone = await addAuthenticator(cdp);

  // Set-up: the passkey is offered first (the browser can make one), the app's code below it.
  await Promise.all([page.waitForURL(`${stack.baseUrl}/login/two-step`), password(page, coordinator.email)]);
  const setup = page.locator('#passkey-setup');
  await setup.waitFor({ state: 'visible' });
  await page.getByLabel('Name it, so you know which device it is').fill('Work phone');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'passkey-setup-360');
  await page.getByRole('button', { name: 'Make a passkey' }).click();
  await page.getByRole('heading', { name: 'Two-step sign-in is on' }).waitFor();
  expect(await page.locator('#recovery-codes code').count()).toBe(10);
  const [made] = await stack.stores.passkeys.listFor(coordinator.id);
  expect(made).toMatchObject({ name: 'Work phone', lastUsedAt: null });
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId: phone });
  expect(credentials.map((c) => Buffer.from(c.credentialId, 'base64').toString('base64url'))).toEqual([made.id]);

  // Next sign-in: the password, then the passkey (codes stay on the same page as the fallback).
  await context.clearCookies();
  await password(page, coordinator.email);
  await page.getByRole('heading', { name: 'Second step' }).waitFor();
  await page.getByRole('button', { name: 'Use your passkey' }).waitFor();
  expect(await page.getByLabel(/6-digit code/).isVisible()).toBe(true);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'passkey-sign-in-360');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/`),
    page.getByRole('button', { name: 'Use your passkey' }).click(),
  ]);
  const used = await stack.stores.passkeys.get(made.id);
  expect(used?.lastUsedAt).not.toBeNull();
  expect(used!.counter).toBeGreaterThan(0);

  // The account page: the only passkey of a coordinator cannot go.
  await page.goto(`${stack.baseUrl}/settings/two-factor`);
  await page.getByText('Work phone').waitFor();
  await page.getByRole('link', { name: 'Remove' }).click();
  await page.getByRole('heading', { name: 'Remove a passkey?' }).waitFor();
  await page.getByRole('button', { name: 'Remove it' }).click();
  await page.getByText('This is your last second step').waitFor();
  expect(await stack.stores.passkeys.count(coordinator.id)).toBe(1);

  // Another device (a second authenticator; the first one is put away), then the first passkey can go.
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: phone });
  await addAuthenticator(cdp);
  await page.getByLabel('Name it, so you know which device it is').fill('Laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByText('Passkey added').waitFor();
  expect((await stack.stores.passkeys.listFor(coordinator.id)).map((p) => p.name)).toEqual(['Work phone', 'Laptop']);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'passkey-account-360');
  await page.locator('#passkeys li', { hasText: 'Work phone' }).getByRole('link', { name: 'Remove' }).click();
  await saveScreenshot(page, 'passkey-remove-360');
  await page.getByRole('button', { name: 'Remove it' }).click();
  await page.getByText('Passkey removed: Work phone.').waitFor();
  expect((await stack.stores.passkeys.listFor(coordinator.id)).map((p) => p.name)).toEqual(['Laptop']);
  expect(problems).toEqual([]);
});
