// A person on a small phone: asks for support through the intake form, then a counselor opens the SMS link
// (from the dev outbox) and taps Accept. Real Chromium against the real stack; screenshots in test-output/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User, Workspace } from '../../db';
import { launchBrowser, phoneContext, PHONE_VIEWPORT, saveScreenshot } from '../helpers/browser';
import {
  createCounselor,
  createWorkspace,
  loginSession,
  smsTo,
  submitRequest,
  TEST_PASSWORD,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const h1Text = async (page: Page) => ((await page.locator('h1').first().textContent()) ?? '').trim();

async function expectNoHorizontalScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  expect(widths.client).toBe(PHONE_VIEWPORT.width);
}

describe('asking for support and accepting it on a phone', () => {
  let ws: Workspace;
  let counselor: User;
  let bystander: User;
  let context: BrowserContext;

  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
    counselor = await createCounselor(stack.stores, ws, {
      languages: ['uk', 'en'],
      specialisms: ['trauma'],
      livedExperience: ['migration'],
    });
    // Same language and topic but without the lived experience asked for: must not be offered the request.
    bystander = await createCounselor(stack.stores, ws, {
      languages: ['uk'],
      specialisms: ['trauma'],
      livedExperience: [],
    });
  });
  beforeEach(async () => {
    context = await phoneContext(browser);
  });
  afterEach(async () => {
    await context?.close();
  });

  it('submits the intake form, and the matching counselor accepts from the SMS link and sees the contact', async () => {
    const page = await context.newPage();

    // The requester fills the form the way a person does.
    const intake = await page.goto(`${stack.baseUrl}/w/${ws.slug}/request`);
    expect(intake?.status()).toBe(200);
    expect(await h1Text(page)).toBe('Ask for peer support');
    await expectNoHorizontalScroll(page);
    await page.getByLabel('Language you would like to talk in').selectOption({ label: 'Українська (Ukrainian)' });
    await page.getByLabel('What would you like support with?').selectOption({ label: 'Trauma' });
    await page.getByRole('checkbox', { name: 'Migration' }).check();
    await page.getByRole('textbox', { name: /^Phone/ }).pressSequentially('+372 5123 4567');
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await saveScreenshot(page, 'phone-intake-filled');

    const submitted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/w/${ws.slug}/request`),
    );
    await page.getByRole('button', { name: 'Send my request' }).tap();
    expect((await submitted).status()).toBe(201);
    await page.locator('h1', { hasText: 'Your request is on its way' }).waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'phone-intake-submitted');

    // The counselor's SMS shows up in the dev outbox: reload until it is there (time-bounded).
    const phone = counselor.phone as string;
    const link = page.locator(`.card[data-kind="sms"][data-to="${phone}"] a[href*="/o/"]`).first();
    await waitFor(
      `the offer SMS to ${phone} in the outbox page`,
      async () => {
        await page.goto(`${stack.baseUrl}/dev/outbox?to=${encodeURIComponent(phone)}`);
        if ((await link.count()) === 0) throw new Error('not in the outbox yet');
      },
      20_000,
      250,
    );
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^${stack.baseUrl.replace(/[.]/g, '\\.')}/o/[A-Za-z0-9_-]+$`));

    await Promise.all([page.waitForURL(href as string), link.click()]);
    expect(await h1Text(page)).toBe('Someone is asking for support');
    const body = await page.locator('main').innerText();
    expect(body).toContain('Trauma');
    expect(body).toContain('Ukrainian');
    expect(body).toContain('Migration');
    expect(body).not.toContain('+37251234567'); // no contact before winning
    const accept = page.getByRole('button', { name: 'Accept' });
    const box = await accept.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'phone-offer');

    await Promise.all([page.waitForURL(`${href}/accept`, { waitUntil: 'load' }), accept.tap()]);
    const result = page.locator('h1[data-result="won"]');
    await result.waitFor({ timeout: 10_000 });
    expect((await result.textContent())?.trim()).toBe("It's yours");
    await expect(page.getByRole('link', { name: '+37251234567' }).getAttribute('href')).resolves.toBe(
      'tel:+37251234567',
    );
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'phone-accept-won');

    // Only the counselor with the lived experience asked for was offered it.
    expect(await smsTo(stack.stores, [bystander.phone as string])).toHaveLength(0);
  });

  it('works without JavaScript: errors render beside the fields, and a corrected form goes through', async () => {
    await context.close();
    context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const countRequests = async () =>
      Number((await stack.db('help_requests').where({ workspace_id: ws.id }).count())[0].count);
    const before = await countRequests();

    await page.goto(`${stack.baseUrl}/w/${ws.slug}/request`);
    await page.getByLabel('Language you would like to talk in').selectOption({ label: 'English' });
    await page.getByRole('textbox', { name: /^Email/ }).fill('no-js@example.org');
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    // Topic left on "Choose…".
    const submitted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/w/${ws.slug}/request`),
    );
    await page.getByRole('button', { name: 'Send my request' }).click();
    expect((await submitted).status()).toBe(400);
    await page.waitForLoadState('load');

    const fieldError = page.locator('#topic-error');
    expect(await fieldError.isVisible()).toBe(true);
    expect((await fieldError.textContent())?.trim()).toBe('Choose what you would like support with');
    expect(await page.getByRole('alert').isVisible()).toBe(true);
    expect(await page.getByRole('alert').innerText()).toContain('Choose what you would like support with');
    expect(await page.locator('#topic').getAttribute('aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await page.locator('#email').inputValue()).toBe('no-js@example.org');
    expect(await page.locator('#language').inputValue()).toBe('en');
    expect(await page.getByRole('radio', { name: 'No', exact: true }).isChecked()).toBe(true);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'phone-intake-no-js-errors');
    expect(await countRequests()).toBe(before);

    await page.getByLabel('What would you like support with?').selectOption({ label: 'General support' });
    const resubmitted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/w/${ws.slug}/request`),
    );
    await page.getByRole('button', { name: 'Send my request' }).click();
    expect((await resubmitted).status()).toBe(201);
    await page.locator('h1', { hasText: 'Your request is on its way' }).waitFor({ timeout: 10_000 });
    expect(await countRequests()).toBe(before + 1);
  });

  it('a signed-in counselor sees the offer on their home page and takes it in one tap', async () => {
    const { status, body } = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'uk',
      topic: 'trauma',
      livedExperience: ['migration'],
      email: 'home-tap@example.org',
      safety: 'no',
    });
    expect(status).toBe(201);
    await waitFor(
      'the offer to be open',
      async () => {
        const offer = await stack.stores.offers.getFor(body.id, counselor.id);
        if (offer?.status !== 'open') throw new Error('not offered yet');
      },
      20_000,
    );
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel('Email').fill(counselor.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${stack.baseUrl}/`), page.getByRole('button', { name: 'Sign in' }).tap()]);
    expect(await h1Text(page)).toBe('My open offers');
    const offer = await stack.stores.offers.getFor(body.id, counselor.id);
    const card = page.locator(`#offer-${offer!.id}`);
    expect(await card.innerText()).toContain('Trauma');
    expect(await card.innerText()).toContain('Migration');
    // Availability and messages are a tap away.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Availability' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Messages' }).count()).toBe(1);
    const accept = card.getByRole('button', { name: 'Accept' });
    const box = await accept.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await expectNoHorizontalScroll(page);
    await saveScreenshot(page, 'counselor-home');

    await Promise.all([page.waitForURL(`${stack.baseUrl}/me/offers/${offer!.id}/accept`), accept.tap()]);
    const result = page.locator('h1[data-result="won"]');
    await result.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('link', { name: 'home-tap@example.org' }).getAttribute('href')).toBe(
      'mailto:home-tap@example.org',
    );
    expect((await stack.stores.requests.getById(body.id))?.phase).toBe('assigned');

    // Home again: the offer is gone, the request is under Requests I have taken.
    await page.goto(`${stack.baseUrl}/`);
    expect(await page.locator(`#offer-${offer!.id}`).count()).toBe(0);
    expect(await page.locator('.taken li[data-phase="assigned"]').first().innerText()).toContain('Trauma');
    await saveScreenshot(page, 'counselor-home-after-accept');
  });

  it("refuses another counselor's offer, and a tap without the form's token", async () => {
    const other = await createCounselor(stack.stores, ws, { languages: ['en'], specialisms: ['general'] });
    const { body } = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'uk',
      topic: 'trauma',
      livedExperience: ['migration'],
      email: 'not-yours@example.org',
      safety: 'no',
    });
    const offer = await waitFor(
      'the offer',
      async () => {
        const o = await stack.stores.offers.getFor(body.id, counselor.id);
        if (o?.status !== 'open') throw new Error('not offered yet');
        return o;
      },
      20_000,
    );
    const intruder = await loginSession(stack.baseUrl, other.email);
    const stolen = await fetch(`${stack.baseUrl}/me/offers/${offer.id}/accept`, {
      method: 'POST',
      headers: { cookie: intruder.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: intruder.csrf }),
    });
    expect(stolen.status).toBe(404);
    const own = await loginSession(stack.baseUrl, counselor.email);
    const forged = await fetch(`${stack.baseUrl}/me/offers/${offer.id}/accept`, {
      method: 'POST',
      headers: { cookie: own.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({}),
    });
    expect(forged.status).toBe(403);
    expect((await stack.stores.offers.getById(offer.id))?.status).toBe('open');
    expect((await stack.stores.requests.getById(body.id))?.phase).toBe('offering');
  });
});
