// axe-core on the pages people use most: the intake form (fresh and with errors, in English and Russian),
// the offer page a counselor opens from the SMS, the live board and the request page. No serious or
// critical violations.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser, phoneContext } from '../helpers/browser';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let counselor: User;
let coordinator: User;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  counselor = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['general'] });
  coordinator = await createStaff(stack.stores, ws);
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
});

/** A context that lets the test inject axe (an inline script the app's CSP would rightly refuse). */
const axeContext = (phone: boolean) =>
  phone ? phoneContext(browser, { bypassCSP: true }) : browser.newContext({ bypassCSP: true });

async function check(page: Page, url: string) {
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  expect({ url, problems: await seriousViolations(page) }).toEqual({ url, problems: [] });
}

it('the intake form, in English and Russian, fresh and with errors', async () => {
  context = await axeContext(true);
  const page = await context.newPage();
  for (const lang of ['en', 'ru']) {
    await check(page, `${stack.baseUrl}/w/${ws.slug}/request?lang=${lang}`);
    await page.locator('button[type="submit"]').click();
    await page.locator('#error-summary').waitFor();
    expect({ lang, problems: await seriousViolations(page) }).toEqual({ lang, problems: [] });
  }
});

it('the offer page a counselor opens from the SMS, the answer after accepting, and their home', async () => {
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'someone@example.org',
    safety: 'no',
  });
  const sms = await waitFor(
    'the offer SMS',
    async () => {
      const [m] = await smsTo(stack.stores, [counselor.phone as string]);
      if (!m || !m.body.includes('/o/')) throw new Error('not sent yet');
      return m;
    },
    20_000,
  );
  context = await axeContext(true);
  const page = await context.newPage();
  const link = acceptLinkIn(sms.body);
  await check(page, link);
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.locator('h1[data-result]').waitFor({ timeout: 10_000 });
  expect(await seriousViolations(page)).toEqual([]);
  expect(body.id).toBeTruthy();

  // The counselor's home, signed in, with the taken request under Requests I have taken.
  const { cookie } = await loginSession(stack.baseUrl, counselor.email);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: stack.baseUrl }]);
  await check(page, `${stack.baseUrl}/`);
});

it('the live board, the request page, settings and metrics, signed in as a coordinator', async () => {
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'grief',
    email: 'someone@example.org',
    safety: 'yes',
  });
  context = await axeContext(false);
  const { cookie } = await loginSession(stack.baseUrl, coordinator.email);
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: stack.baseUrl }]);
  const page = await context.newPage();
  await check(page, `${stack.baseUrl}/board`);
  await page.locator('#live-status[data-state="live"]').waitFor({ timeout: 10_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await check(page, `${stack.baseUrl}/requests/${body.id}`);
  await check(page, `${stack.baseUrl}/settings/board`);
  await check(page, `${stack.baseUrl}/settings`);
  await check(page, `${stack.baseUrl}/metrics`);
});
