// Lead shift swaps in a real Chromium on a phone with JavaScript off: a lead offers their next shift with a note,
// another lead finds it on their home page and takes it, and the coordinator sees the swap. No sideways scrolling, no
// CSP reports, no serious accessibility problems (axe); screenshots for docs.
import type { Browser } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { localDateTime, type IsoWeekday } from '../../domain/rota';
import { seriousViolations } from '../helpers/axe';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, phoneSessions, saveScreenshot } from '../helpers/browser';
import { createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const ZONE = 'Europe/Tallinn';
const DAY = 86_400_000;

const stack = useTestStack({ worker: false });
let browser: Browser;
let ws: Workspace;
let coordinator: User;
let giver: User;
let taker: User;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  coordinator = await createStaff(stack.stores, ws);
  const leads = [await createStaff(stack.stores, ws, 'lead'), await createStaff(stack.stores, ws, 'lead')];
  // A rotation of two whose handover is 3 days ahead: the second lead's shift starts then.
  await stack.stores.rota.save(ws.id, {
    timeZone: ZONE,
    handoverWeekday: localDateTime(new Date(Date.now() + 3 * DAY), ZONE).weekday as IsoWeekday,
    handoverTime: '09:00',
    leadIds: leads.map((l) => l.id),
    startsOn: localDateTime(new Date(Date.now() - 21 * DAY), ZONE).date,
  });
  const [, next] = await stack.stores.rota.upcoming(ws.id, 10);
  giver = leads.find((l) => l.id === next.leadId)!;
  taker = leads.find((l) => l.id !== next.leadId)!;
  await stack.db('users').where({ id: giver.id }).update({ name: 'Berit Lead' });
  await stack.db('users').where({ id: taker.id }).update({ name: 'Carl Lead' });
});
afterAll(async () => {
  await browser?.close();
});

const signedInPhone = phoneSessions(
  () => browser,
  () => stack.baseUrl,
);

it('offers a shift, and another lead takes it from their home page, on phones without JavaScript', async () => {
  const page = await signedInPhone(giver);
  await page.goto(`${stack.baseUrl}/on-call`);
  await Promise.all([page.waitForURL(`${stack.baseUrl}/on-call/swaps`), page.locator('#swaps-link').click()]);
  const first = page.locator('#swap-my-shifts li').first();
  await first.getByLabel(/Note for the lead who takes it/).fill('Family wedding');
  await Promise.all([
    page.waitForURL(`${stack.baseUrl}/on-call/swaps?done=offered`),
    first.getByRole('button', { name: 'Offer this shift' }).click(),
  ]);
  expect(await page.getByRole('status').innerText()).toContain('Your shift is offered');
  expect(await page.locator('#swap-open').innerText()).toContain('Family wedding');
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'shift-swap-offered-360');

  const other = await signedInPhone(taker);
  await other.goto(`${stack.baseUrl}/`);
  expect(await other.locator('#swap-home').innerText()).toContain('Berit Lead offers the shift');
  await Promise.all([
    other.waitForURL(`${stack.baseUrl}/on-call/swaps`),
    other.getByRole('link', { name: 'Take one on the shift swaps page' }).click(),
  ]);
  await Promise.all([
    other.waitForURL(`${stack.baseUrl}/on-call/swaps?done=taken`),
    other.getByRole('button', { name: 'Take this shift' }).click(),
  ]);
  expect(await other.getByRole('status').innerText()).toContain('The shift is yours');
  const [swap] = await stack.db('shift_swaps').where({ workspace_id: ws.id });
  expect(swap).toMatchObject({ status: 'taken', taker_id: taker.id });
  await expectNoSidewaysScroll(other);

  const coord = await signedInPhone(coordinator);
  await coord.goto(`${stack.baseUrl}/on-call/swaps`);
  expect(await coord.locator('#swap-history').innerText()).toMatch(/Berit Lead’s shift from .* taken by Carl Lead/);
  await saveScreenshot(coord, 'shift-swap-taken-360');
});

it('has no serious accessibility problems on the swaps page (axe, in a context that lets it be injected)', async () => {
  const context = await phoneContext(browser, { bypassCSP: true });
  try {
    for (const who of [giver, coordinator]) {
      const [name, value] = (await loginSession(stack.baseUrl, who.email)).cookie.split('=');
      await context.clearCookies();
      await context.addCookies([{ name, value, url: stack.baseUrl }]);
      const page = await context.newPage();
      expect((await page.goto(`${stack.baseUrl}/on-call/swaps`))?.status()).toBe(200);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    }
  } finally {
    await context.close();
  }
});
