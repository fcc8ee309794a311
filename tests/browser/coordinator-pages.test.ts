// A coordinator at a desk: signs in, opens a live request from the list, cancels it with a reason and sees
// it cancelled; then the same pages on a phone, without horizontal scrolling. Real Chromium, real stack.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { launchBrowser, passCodeStep, phoneContext, PHONE_VIEWPORT, saveScreenshot } from '../helpers/browser';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  TEST_PASSWORD,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { submitGriefRequest, untilFirstWaveSent } from '../helpers/past-requests';

const DESKTOP_VIEWPORT = { width: 1280, height: 900 } as const;

const stack = useTestStack();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

let ws: Workspace;
let counselor: User;
let coordinator: User;
let context: BrowserContext;
/** Content-Security-Policy violations the page reported: there must be none (no inline scripts or styles). */
let cspViolations: string[];

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['grief'] });
  coordinator = await createStaff(stack.stores, ws);
});
afterEach(async () => {
  await context?.close();
  expect(cspViolations).toEqual([]);
});

function watchCsp(page: Page) {
  cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
}

async function liveRequest(): Promise<string> {
  const id = await submitGriefRequest(stack, ws);
  // Live and quiet: the first wave has gone out and been recorded (FAST_POLICY then waits 30 s on it).
  await untilFirstWaveSent(stack, id, 20_000);
  return id;
}

it('signs in, opens a live request from the list, cancels it with a reason and sees it cancelled', async () => {
  const id = await liveRequest();
  context = await browser.newContext({ viewport: { ...DESKTOP_VIEWPORT } });
  const page = await context.newPage();
  watchCsp(page);

  await page.goto(`${stack.baseUrl}/requests/${id}`);
  // Signed out: the page sends us to the sign-in form.
  await page.waitForURL(`${stack.baseUrl}/login`);
  await page.getByLabel('Email').fill(coordinator.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await passCodeStep(page, stack.baseUrl, coordinator.email);

  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/requests/${id}`),
    page.locator(`a[href="/requests/${id}"]`).click(),
  ]);
  expect((await page.locator('h1').textContent())?.trim()).toBe('Grief');
  const phase = page.locator('#phase');
  expect(await phase.getAttribute('data-phase')).toBe('offering');
  expect((await page.locator('#offered').innerText()).trim()).toBe(counselor.name);
  expect(await page.locator('.timeline').innerText()).toContain('Wave 1 sent by SMS');
  await saveScreenshot(page, 'desktop-request-live');

  await page.getByLabel(/Cancel the request: reason/).fill('The requester called the helpline instead');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/requests/${id}?done=cancelling`),
    page.getByRole('button', { name: 'Cancel the request' }).click(),
  ]);
  expect(await page.getByRole('status').innerText()).toContain('Cancelling');

  // The workflow closes the request in its own time: reload until the page says so (time-bounded).
  await waitFor(
    'the request page to show the request cancelled',
    async () => {
      await page.reload();
      const now = await phase.getAttribute('data-phase');
      if (now !== 'cancelled') throw new Error(`phase is ${now}`);
    },
    20_000,
    250,
  );
  expect((await phase.innerText()).trim()).toBe('Cancelled');
  const main = await page.locator('main').innerText();
  expect(main).toContain('The requester called the helpline instead');
  expect(main).toContain('there is nothing left to dispatch');
  expect(await page.getByRole('button', { name: 'Cancel the request' }).count()).toBe(0);
  await saveScreenshot(page, 'desktop-request-cancelled');
  expect((await stack.stores.requests.getById(id))?.phase).toBe('cancelled');
});

it('shows the request, policy and template pages on a phone without sideways scrolling, and without JavaScript', async () => {
  const id = await liveRequest();
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: stack.baseUrl }]);
  const page = await context.newPage();
  watchCsp(page);

  const visit = async (path: string, shot: string) => {
    const res = await page.goto(`${stack.baseUrl}${path}`);
    expect(res?.status()).toBe(200);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, shot);
  };

  await visit(`/requests/${id}`, 'phone-request');
  await visit('/settings/policy', 'phone-policy');
  // A bad duration: shown beside its field, nothing saved.
  await page.locator('#wave-0-wait').fill('soon');
  const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/settings/policy'));
  await page.getByRole('button', { name: 'Save policy' }).click();
  expect((await saved).status()).toBe(400);
  await page.waitForLoadState('load');
  expect(await page.locator('#wave-0-wait-error').isVisible()).toBe(true);
  expect(await page.locator('#wave-0-wait-error').innerText()).toBe(
    'must be a positive duration like "20m" or "PT20M"',
  );
  expect(await page.locator('#wave-0-wait').inputValue()).toBe('soon');
  expect(await page.getByRole('alert').innerText()).toContain('Nothing was saved');
  await saveScreenshot(page, 'phone-policy-error');
  expect(
    ((await stack.stores.workspaces.getById(ws.id))?.dispatchPolicy as { waves: { wait: string }[] }).waves[0].wait,
  ).toBe('30s');
  await visit('/settings/templates', 'phone-templates');
  await visit('/settings/templates/offer.sms/en', 'phone-template-offer-sms');

  // The preview button works without JavaScript: a form post that re-renders the page with the preview.
  await page
    .getByLabel('Message')
    .fill('{urgent}Request: {topic}, {language}. Reply A{code} to take it, D{code} to pass.{link}');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('#preview').waitFor({ timeout: 10_000 });
  expect(await page.locator('[data-kind="typical"] .segments').innerText()).toMatch(/GSM-7: 1 SMS segment$/);
  await saveScreenshot(page, 'phone-template-preview');
});
