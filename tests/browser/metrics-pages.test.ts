// The metrics pages on a 360 px phone without JavaScript: the what-if form filled and replayed (the estimate
// beside what happened, said to be an estimate), no sideways scroll, no serious accessibility problem.
// Screenshots: test-output/screenshots/metrics-*.png and what-if-*.png (copied to docs/screenshots/).
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';
import { seriousViolations } from '../helpers/axe';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, phoneSessions, saveScreenshot } from '../helpers/browser';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';
import { acceptFirstOfferSms, submitGriefRequest, untilAssigned } from '../helpers/past-requests';

const POLICY: DispatchPolicy = {
  ...DEFAULT_DISPATCH_POLICY,
  waves: [
    { channel: 'sms', wait: '20s' },
    { channel: 'email', wait: '20s' },
  ],
  holdOpen: '30s',
};

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let ann: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores, POLICY);
  coordinator = await createStaff(stack.stores, ws);
  ann = await createCounselor(stack.stores, ws, { specialisms: ['grief'] });
  // One request, accepted from its SMS link: the period has something to replay.
  const id = await submitGriefRequest(stack, ws);
  await acceptFirstOfferSms(stack, ann, 20_000);
  await untilAssigned(stack, id, 20_000);
});
afterAll(async () => {
  await browser?.close();
});

/** axe needs JavaScript and an injected script the app's CSP refuses: its own phone context, signed in. */
async function expectNoAxeProblems(url: string) {
  const context = await phoneContext(browser, { bypassCSP: true });
  try {
    const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: stack.baseUrl }]);
    const page = await context.newPage();
    await page.goto(url);
    expect({ url, problems: await seriousViolations(page) }).toEqual({ url, problems: [] });
  } finally {
    await context.close();
  }
}

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('what-if on a phone: change the SMS wait, replay, read the estimate beside what happened', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/metrics`);
  await page.getByRole('link', { name: /Policy what-if/ }).click();
  await page.waitForURL(/\/metrics\/what-if$/);
  // Opened without a query: the last four weeks under the policy as it is, so the estimate equals what happened.
  expect(await page.textContent('#self-check')).toMatch(/within\s+0 s at most/);
  await page.getByLabel('Wait after wave 1').fill('2h');
  await page.getByLabel('Head start for counselors below their usual load').fill('5m');
  await page.getByLabel('Hold overcommitting counselors to the next wave').check();
  await Promise.all([page.waitForURL(/what-if\?/), page.getByRole('button', { name: 'Replay the period' }).click()]);
  expect(await page.textContent('#estimate-note')).toContain('This is an estimate, not a promise.');
  // One request, taken from the SMS wave: the estimate keeps it (a longer SMS wait moves nothing before it ends).
  expect((await page.textContent('#what-if-summary'))?.replace(/\s+/g, ' ')).toContain('Taken 1 1');
  expect(await page.getByRole('heading', { name: 'How the estimate is made' }).isVisible()).toBe(true);
  expect(await page.inputValue('#wait-0')).toBe('2h');
  await expectNoSidewaysScroll(page);
  await expectNoAxeProblems(page.url());
  await saveScreenshot(page, 'what-if-360');

  // A bad field: the form comes back with its message beside it, nothing replayed.
  await page.getByLabel('Head start for counselors below their usual load').fill('soon');
  await Promise.all([page.waitForURL(/what-if\?/), page.getByRole('button', { name: 'Replay the period' }).click()]);
  expect(await page.getByRole('alert').textContent()).toContain('The head start must be a duration');
  expect(await page.locator('#what-if-result').count()).toBe(0);
  await saveScreenshot(page, 'what-if-errors-360');
});

it('the metrics page on a phone', async () => {
  const page = await signedInPhone(coordinator);
  await page.goto(`${stack.baseUrl}/metrics`);
  expect(await page.getByRole('heading', { name: 'Metrics', level: 1 }).isVisible()).toBe(true);
  // The heat map: the one request in its hour, with its number beside the colour; the wide grid scrolls inside
  // its own box, never the page.
  const heat = page.locator('#chart-hours-accept table.heatmap');
  expect(await heat.locator('td[class^="heat-"]:not(.heat-empty)').count()).toBe(1);
  expect(await heat.locator('td .n').first().textContent()).toBe('(1)');
  await expectNoSidewaysScroll(page);
  await expectNoAxeProblems(page.url());
  await page.locator('#chart-hours-accept').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'metrics-360');
});
