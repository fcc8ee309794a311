// The spread before and after the head start, on a 360 px phone without JavaScript: a coordinator switches the
// head start on from the policy page, and the metrics page compares the accepts before and after it, with its
// table and CSV links; no sideways scroll, no serious accessibility problem.
// Screenshots: test-output/screenshots/metrics-spread-change-360.png and -section-360.png (copied to docs/screenshots/).
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { seriousViolations } from '../helpers/axe';
import {
  expectNoSidewaysScroll,
  launchBrowser,
  phoneContext,
  phoneSessions,
  saveScreenshot,
  SCREENSHOT_DIR,
} from '../helpers/browser';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';
import { acceptOfferOf, submitGriefRequest, untilAssigned } from '../helpers/past-requests';

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let ann: User;
let bea: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  ann = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  bea = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

async function sendAndAccept(counselor: User) {
  const id = await submitGriefRequest(stack, ws);
  await acceptOfferOf(stack, id, counselor, 20_000);
  await untilAssigned(stack, id, 20_000);
}

it('switch the head start on, then read the spread before and after on the metrics page', async () => {
  await sendAndAccept(ann);
  await sendAndAccept(ann);

  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/settings/policy`);
  await page.getByLabel(/Head start for counselors below their usual load/).fill('1m');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save policy' }).click()]);

  await sendAndAccept(bea);
  await sendAndAccept(ann);

  await page.goto(`${stack.baseUrl}/metrics`);
  const section = page.locator('#chart-spread-change');
  expect(
    await section.getByRole('heading', { name: 'Spread of accepts before and after the head start' }).isVisible(),
  ).toBe(true);
  expect(await section.textContent()).toContain('The head start was switched on');
  const figures = section.locator('#spread-change-figures');
  const row = async (name: string) =>
    (
      await figures
        .getByRole('row', { name: new RegExp(`^${name}`) })
        .locator('td')
        .allTextContents()
    ).map((t) => t.trim());
  expect(await row('Accepts')).toEqual(['2', '2']);
  expect(await row('Took none')).toEqual(['1', '0']);
  expect(await row('Busiest fifth')).toEqual(['100', '50']);
  expect(await row('Gini')).toEqual(['0.5', '0']);
  // Each counselor, folded under its summary.
  await section.getByText('Each counselor before and after').click();
  expect(await section.getByRole('cell', { name: bea.name }).isVisible()).toBe(true);
  expect(await section.getByRole('link', { name: /^Download .* as CSV$/ }).count()).toBe(2);
  await expectNoSidewaysScroll(page);
  await section.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'metrics-spread-change-360');
  // The section alone: the full page is long.
  await section.screenshot({ path: path.join(SCREENSHOT_DIR, 'metrics-spread-change-section-360.png') });

  // axe needs JavaScript and an injected script the app's CSP refuses: its own context, signed in.
  const context = await phoneContext(browser, { bypassCSP: true });
  try {
    const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: stack.baseUrl }]);
    const axePage = await context.newPage();
    await axePage.goto(`${stack.baseUrl}/metrics`);
    expect(await seriousViolations(axePage)).toEqual([]);
  } finally {
    await context.close();
  }
});
