// The counselor's session pages on a 360x740 phone in real Chromium: proposing times from the offer link,
// the requester confirming one, and the outcome form after the session. No JavaScript needed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { localDateTime } from '../../domain/rota';
import { dispatchStatusQuery, proposeSlotsUpdate, workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { linkIn, messageTo, untilAfterWin } from '../helpers/aftercare';
import { launchBrowser, phoneContext, PHONE_VIEWPORT, saveScreenshot } from '../helpers/browser';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  putOnCall,
  smsTo,
  startStoredRequest,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await phoneContext(browser, { javaScriptEnabled: false });
});
afterEach(async () => {
  await context?.close();
});

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '60s' }],
  outcomeNudgeAfter: '60s',
  reminders: [],
};
const TZ = 'America/New_York';

async function expectFitsThePhone(page: Page) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}

async function offerLink(phone: string) {
  return waitFor('the offer SMS', async () => {
    const sms = (await smsTo(stack.stores, [phone])).find((m) => /New request/.test(m.body));
    if (!sms) throw new Error('none');
    return acceptLinkIn(sms.body);
  });
}

describe('session pages on a phone', () => {
  it('accepts, proposes times inside the requester windows, and the requester confirms one', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const counselor = await createCounselor(stack.stores, ws, { languages: ['es'] });
    const date = localDateTime(new Date(Date.now() + 2 * 86_400_000), TZ).date;
    const requesterEmail = `req-${Date.now()}@example.org`;
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'es',
      topic: 'general',
      email: requesterEmail,
      safety: 'no',
      availability: { timeZone: TZ, windows: [{ date, from: '10:00', to: '12:00' }] },
    });
    const page = await context.newPage();
    await page.goto(await offerLink(counselor.phone!));
    await page.getByRole('button', { name: /accept/i }).tap();
    await page.getByRole('link', { name: 'Plan the session: propose times' }).waitFor();
    await untilAfterWin(stack.temporal.workflow.getHandle(workflowIdFor(submitted.body.id)));
    await page.getByRole('link', { name: 'Plan the session: propose times' }).tap();
    await page.getByRole('heading', { name: 'When they are free' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('10:00–12:00 (America/New_York)');
    // Prefilled with the start of the window; the counselor moves it to 10:30 and sends.
    expect(await page.locator('#slot1Date').inputValue()).toBe(date);
    await page.locator('#slot1Time').fill('10:30');
    await page.locator('#length').selectOption('60');
    await expectFitsThePhone(page);
    await saveScreenshot(page, 'session-propose-times-360');
    await page.getByRole('button', { name: 'Send these times' }).tap();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('10:30–11:30 (America/New_York)');

    const mail = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    const requesterPage = await context.newPage();
    await requesterPage.goto(linkIn(mail.body, 's'));
    await expectFitsThePhone(requesterPage);
    await requesterPage.getByRole('button', { name: 'Confirm this time' }).tap();
    await requesterPage.getByRole('status').waitFor();
    expect(await requesterPage.getByRole('status').textContent()).toContain('Confirmed:');
    expect(await requesterPage.getByRole('link', { name: 'Add it to your calendar' }).count()).toBe(1);
  });

  it('records a hard session outcome from the link in the SMS', async () => {
    const ws = await createWorkspace(stack.stores, POLICY);
    const counselor = await createCounselor(stack.stores, ws, { languages: ['de'] });
    const lead = await createStaff(stack.stores, ws, 'lead');
    await putOnCall(stack.stores, ws, lead.id);
    const requesterEmail = `req-${Date.now()}-o@example.org`;
    const { handle, requestId } = await startStoredRequest(stack, ws, POLICY, {
      language: 'de',
      contact: { email: requesterEmail },
    });
    expect(await (await fetch(`${await offerLink(counselor.phone!)}/accept`, { method: 'POST' })).status).toBe(200);
    const { aftercare } = await untilAfterWin(handle);
    // A two-second slot, so the outcome is asked for at once (the proposal form's lengths are whole minutes).
    const start = Date.now() + 2_000;
    await handle.executeUpdate(proposeSlotsUpdate, {
      args: [{ sessionId: aftercare!.sessionId, slots: [{ start, end: start + 1_000 }] }],
    });
    const mail = await messageTo(stack.stores, requesterEmail, /suggested these times/);
    const res = await fetch(`${linkIn(mail.body, 's')}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'proposal=1&index=0',
    });
    expect(res.status).toBe(200);
    const ask = await messageTo(stack.stores, counselor.phone!, /How did the session go/);

    const page = await context.newPage();
    await page.goto(linkIn(ask.body, 'o'));
    await page.getByRole('heading', { name: 'How did the session go?' }).waitFor();
    await page.getByLabel('It was held').check();
    await page.getByLabel('Yes: I would like a debrief').check();
    await page.locator('#category').selectOption('safeguarding');
    await page.locator('#note').fill('Please call me tonight.');
    await expectFitsThePhone(page);
    await saveScreenshot(page, 'session-outcome-360');
    await page.getByRole('button', { name: 'Send the outcome' }).tap();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('A lead will call you for a debrief');
    await messageTo(stack.stores, lead.phone!, /Debrief needed now/);
    expect((await handle.query(dispatchStatusQuery)).aftercare?.hard).toBe(true);
    await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).terminate('test done');
  });
});
