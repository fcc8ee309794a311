// A coordinator at a laptop watches a request move through the waves on the live board, without reloading:
// SMS, then email, then the staff alert, then a counselor's accept. Real Chromium, real stack, short waits.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';
import { launchBrowser, passCodeStep, phoneContext, PHONE_VIEWPORT, saveScreenshot } from '../helpers/browser';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  smsTo,
  TEST_PASSWORD,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { submitGriefRequest } from '../helpers/past-requests';

/** Three waves a few seconds apart: long enough to see each on the board, short enough for a test. */
const WAVES_POLICY: DispatchPolicy = {
  ...DEFAULT_DISPATCH_POLICY,
  waves: [
    { channel: 'sms', wait: '3s' },
    { channel: 'email', wait: '3s' },
    { channel: 'alert', wait: '0s' },
  ],
  holdOpen: '60s',
};

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let counselor: User;
let context: BrowserContext;
let cspViolations: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores, WAVES_POLICY);
  coordinator = await createStaff(stack.stores, ws);
  counselor = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['grief'] });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  expect(cspViolations).toEqual([]);
});

async function signIn(page: Page) {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('Email').fill(coordinator.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await passCodeStep(page, stack.baseUrl, coordinator.email);
}

function watchCsp(page: Page) {
  cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
}

const submit = () => submitGriefRequest(stack, ws);

it('shows a request moving through the waves and being accepted, live, without a reload', async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watchCsp(page);
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
  await page.waitForURL(`${stack.baseUrl}/board`);
  await page.locator('#live-status[data-state="live"]').waitFor({ timeout: 10_000 });
  // A marker that a reload would wipe out.
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

  const id = await submit();
  const row = page.locator(`#request-${id}`);
  const cell = (name: string) => row.locator(`td.${name}`);
  const waitForText = async (name: string, text: string | RegExp) =>
    waitFor(
      `${name} to read ${text}`,
      async () => {
        const now = ((await cell(name).textContent({ timeout: 500 })) ?? '').replace(/\s+/g, ' ').trim();
        if (typeof text === 'string' ? !now.includes(text) : !text.test(now)) throw new Error(`it reads "${now}"`);
      },
      20_000,
      100,
    );

  await waitForText('wave', '1 · SMS');
  expect((await cell('phase').innerText()).trim()).toBe('Offering');
  expect((await cell('offered').innerText()).trim()).toBe('1');
  expect((await cell('accepted').innerText()).trim()).toBe('nobody yet');
  await saveScreenshot(page, 'board-wave-1');
  await waitForText('wave', '2 · email');
  await waitForText('wave', 'staff alerted');
  await saveScreenshot(page, 'board-staff-alerted');

  // The counselor accepts from their SMS link (a POST, as the button on the offer page sends).
  const [sms] = await smsTo(stack.stores, [counselor.phone as string]);
  const accepted = await fetch(`${acceptLinkIn(sms.body)}/accept`, { method: 'POST' });
  expect(accepted.status).toBe(200);
  await waitForText('accepted', counselor.name);
  expect((await cell('phase').innerText()).trim()).toBe('Assigned');
  expect(await page.locator('#waiting-count').innerText()).toBe(
    String(await page.locator('#board-rows tr[data-phase="offering"], #board-rows tr[data-phase="matching"]').count()),
  );
  expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  await saveScreenshot(page, 'board-accepted');

  // The row leads to the request page: timeline and actions, with the accept on it.
  await Promise.all([page.waitForURL(`${stack.baseUrl}/requests/${id}`), row.getByRole('link').first().click()]);
  expect(await page.locator('.timeline').innerText()).toContain(`${counselor.name} accepted`);
  await saveScreenshot(page, 'request-page');
});

it('works on a phone without JavaScript: the board as loaded, with a refresh link', async () => {
  // Signed in first: the waves here last 3 s, shorter than a loaded machine's sign-in with its code step.
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  watchCsp(page);
  await signIn(page);
  const id = await submit();
  await waitFor(
    'the first wave',
    async () => {
      if (!(await stack.stores.events.list(id)).some((e) => e.type === 'wave-sent')) throw new Error('not yet');
    },
    20_000,
  );
  await page.goto(`${stack.baseUrl}/board`);
  const row = page.locator(`#request-${id}`);
  expect(await row.locator('td.wave').innerText()).toContain('1 · SMS');
  expect(await page.locator('#live-status').getAttribute('data-state')).toBe('static');
  await Promise.all([page.waitForURL(`${stack.baseUrl}/board`), page.getByRole('link', { name: 'Refresh' }).click()]);
  const widths = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(widths).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  await saveScreenshot(page, 'phone-board-no-js');
});

it('shows the metrics as charts with their tables, after the accept above', async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watchCsp(page);
  await signIn(page);
  // The board with one request taken and one still waiting (from the tests above).
  await page.goto(`${stack.baseUrl}/board`);
  expect(await page.locator('#board-rows tr').count()).toBe(2);
  await saveScreenshot(page, 'board');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await page.waitForURL(`${stack.baseUrl}/metrics`);
  const acceptChart = page.locator('#chart-time-to-accept');
  expect(await acceptChart.locator('svg[role="img"] circle').count()).toBeGreaterThan(0);
  expect(await page.locator('#chart-offers svg rect.bar').count()).toBeGreaterThan(0);
  const table = acceptChart.locator('table');
  expect(await table.isVisible()).toBe(false);
  await acceptChart.getByText('The numbers as a table').click();
  expect(await table.isVisible()).toBe(true);
  await saveScreenshot(page, 'metrics');
});
