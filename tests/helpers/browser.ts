// Browser tests drive the system Chromium (Debian's chromium package) through playwright-core: no browser download.
// A missing Chromium is a failure, never a skip, so a broken environment cannot look like a green run.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { loginSession } from './stack';
import { secondStepAnswer } from './two-step';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');

export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A small touch phone: 360x740 CSS pixels, mobile layout, touch events (so `tap()` works). */
export function phoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { ...PHONE_VIEWPORT },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...options,
  });
}

/** Writes a full-page PNG to test-output/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A phone without JavaScript, signed in as `email` (the session cookie set on the context); Content Security
 * Policy reports from its pages are pushed into `cspViolations`, so a test can assert there were none.
 */
export async function signedInPhoneContext(
  browser: Browser,
  baseUrl: string,
  email: string,
  cspViolations: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser, { javaScriptEnabled: false });
  const { cookie } = await loginSession(baseUrl, email);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: baseUrl }]);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { context, page };
}

/** One-handed use on a 360 px phone: the page never scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}

/**
 * For a test file of phone pages: `signedInPhone(user)` opens a signed-in phone without JavaScript; after each
 * test its context is closed and the test fails if a page reported a Content Security Policy violation.
 */
export function phoneSessions(
  browser: () => Browser,
  baseUrl: () => string,
): (user: { email: string }) => Promise<Page> {
  let context: BrowserContext | undefined;
  const cspViolations: string[] = [];
  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(cspViolations.splice(0)).toEqual([]);
  });
  return async (user) => {
    const phone = await signedInPhoneContext(browser(), baseUrl(), user.email, cspViolations);
    context = phone.context;
    return phone.page;
  };
}

/**
 * After the sign-in form's password, the code step, answered as the person would from their authenticator app
 * (tests/helpers/two-step.ts); waits for the home page.
 */
export async function passCodeStep(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.getByLabel(/6-digit code/).fill(await secondStepAnswer(email));
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'Continue' }).click()]);
}
