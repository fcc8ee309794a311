// The honest wait at intake on the real stack and a 360 px phone: the confirmation, the JSON answer and the
// status page say what to expect from who could take the request now and how long they took to accept before.
import type { Browser, BrowserContext } from 'playwright-core';
import type { DispatchPolicy } from '../../domain/policy';
import { workflowIdFor } from '../../workflows/definitions';
import { untilAfterWin } from '../helpers/aftercare';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const POLICY: DispatchPolicy = { ...FAST_POLICY, waves: [{ channel: 'sms', wait: '120s' }], holdOpen: '120s' };

const request = (slug: string, language = 'en') => ({
  workspace: slug,
  language,
  topic: 'general',
  email: `req-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`,
  safety: 'no',
});

it('says "usually within 5 minutes at this time of day" from the team\'s own accepts, on the form\'s answer and the status page', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const counselor = await createCounselor(stack.stores, ws);

  // Too little history: the usual words, not a number.
  const first = await submitRequest(stack.baseUrl, request(ws.slug));
  expect(first.body.expectedWait).toEqual({ kind: 'usual' });

  // Three accepts, each within seconds of the offer: the median rounds up to five minutes.
  for (let i = 0; i < 3; i++) {
    const submitted = i === 0 ? first : await submitRequest(stack.baseUrl, request(ws.slug));
    const offer = await waitFor(`offer ${i + 1}`, async () => {
      const sms = (await smsTo(stack.stores, [counselor.phone!])).filter((m) => /New request/.test(m.body));
      if (sms.length < i + 1) throw new Error('not yet');
      return sms[0];
    });
    expect((await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' })).status).toBe(200);
    const handle = stack.temporal.workflow.getHandle(workflowIdFor(submitted.body.id as string));
    await untilAfterWin(handle);
    await handle.terminate('test done');
  }
  const next = await submitRequest(stack.baseUrl, request(ws.slug));
  expect(next.body.expectedWait).toEqual({ kind: 'within', minutes: 5, atThisHour: true });

  // The form's answer and the status page, on a phone.
  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/w/${ws.slug}/request?lang=en`);
  await page.getByLabel('Language you would like to talk in').selectOption('en');
  await page.getByLabel('What would you like support with?').selectOption('general');
  await page.getByRole('textbox', { name: /^Email/ }).fill('someone@example.org');
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('button', { name: 'Send my request' }).click();
  await page.locator('#expected-wait').waitFor({ timeout: 10_000 });
  expect(await page.locator('#expected-wait').innerText()).toContain(
    'usually accept within 5 minutes at this time of day',
  );
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'intake-confirmation-wait-360');
  await page.locator('main a[href*="/r/"]').click();
  await page.locator('#expected-wait').waitFor();
  expect(await page.locator('#expected-wait').innerText()).toContain('within 5 minutes');
  await saveScreenshot(page, 'status-wait-360');
  await expectNoSidewaysScroll(page);
  await page.close();

  // Once the counselor's quiet hours cover now, nobody who could take it is free: it may take longer (in Russian too).
  const hh = (d: Date) => d.toISOString().slice(11, 16);
  await stack
    .db('counselor_profiles')
    .where({ user_id: counselor.id })
    .update({
      quiet_start: hh(new Date(Date.now() - 3_600_000)),
      quiet_end: hh(new Date(Date.now() + 3_600_000)),
      time_zone: 'UTC',
    });
  const quiet = await submitRequest(stack.baseUrl, request(ws.slug));
  expect(quiet.body.expectedWait).toEqual({ kind: 'slow' });
  const status = await (await fetch(`${quiet.body.statusUrl as string}?lang=ru`)).text();
  expect(status).toMatch(/data-kind="slow"/);
});
