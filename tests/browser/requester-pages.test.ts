// The requester's pages in a real browser: the form in Russian with its errors in Russian, and the form used
// with the keyboard alone (Tab through, fill, Enter to send; the error summary takes the focus).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Workspace } from '../../db';
import { launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import { createCounselor, createWorkspace, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let browser: Browser;
let ws: Workspace;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
  ws = await createWorkspace(stack.stores);
  await createCounselor(stack.stores, ws, { languages: ['ru'], specialisms: ['grief'] });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
});

const countRequests = async () =>
  Number((await stack.db('help_requests').where({ workspace_id: ws.id }).count())[0].count);

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

it('shows the form in Russian, chosen by the browser or by the link, with the errors in Russian', async () => {
  context = await phoneContext(browser, { locale: 'ru-RU', extraHTTPHeaders: { 'Accept-Language': 'ru-RU,ru;q=0.9' } });
  const page = await context.newPage();
  const before = await countRequests();
  await page.goto(`${stack.baseUrl}/w/${ws.slug}/request`);
  expect(await page.getAttribute('html', 'lang')).toBe('ru');
  expect((await page.locator('h1').innerText()).trim()).toBe('Попросить о поддержке равного');
  await page.getByLabel('На каком языке вы хотите говорить').selectOption({ label: 'Русский' });
  await page.getByRole('textbox', { name: /^Электронная почта/ }).fill('не-адрес');
  await saveScreenshot(page, 'intake-ru');

  const submitted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Отправить запрос' }).click();
  expect((await submitted).status()).toBe(400);
  await page.locator('#error-summary').waitFor();
  const summary = page.getByRole('alert');
  expect(await summary.innerText()).toContain('Пожалуйста, проверьте форму:');
  expect((await page.locator('#topic-error').innerText()).trim()).toBe('Выберите, с чем вам нужна поддержка');
  expect((await page.locator('#email-error').innerText()).trim()).toBe('Введите правильный адрес электронной почты');
  expect((await page.locator('#safety-error').innerText()).trim()).toBe(
    'Пожалуйста, ответьте, в опасности ли вы прямо сейчас',
  );
  expect(await page.locator('main').innerText()).not.toMatch(/Choose|Enter a valid|Please/);
  expect(await page.locator('#language').inputValue()).toBe('ru');
  await saveScreenshot(page, 'intake-ru-errors');
  expect(await countRequests()).toBe(before);

  // The requester can switch to English by a link, whatever the browser says.
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/lang=en/);
  expect((await page.locator('h1').innerText()).trim()).toBe('Ask for peer support');
  await saveScreenshot(page, 'intake-en');

  // Corrected and sent in Russian: the answer and the status page are in Russian too.
  await page.getByRole('link', { name: 'Русский' }).click();
  await page.waitForURL(/lang=ru/);
  await page.getByLabel('На каком языке вы хотите говорить').selectOption('ru');
  await page.getByLabel('С чем вам нужна поддержка?').selectOption('grief');
  await page.getByRole('textbox', { name: /^Электронная почта/ }).fill('someone@example.org');
  await page.getByRole('radio', { name: 'Нет', exact: true }).check();
  await page.getByRole('button', { name: 'Отправить запрос' }).click();
  await page.locator('h1', { hasText: 'Спасибо. Ваш запрос отправлен.' }).waitFor({ timeout: 10_000 });
  expect(await countRequests()).toBe(before + 1);
  await page.locator('main a[href*="/r/"]').click();
  await page.locator('h1', { hasText: 'Ваш запрос' }).waitFor();
  expect(await page.getByRole('button', { name: 'Отозвать мой запрос' }).isVisible()).toBe(true);
  await saveScreenshot(page, 'status-ru');
});

it('can be used with the keyboard alone: Tab through, fill, Enter to send, focus on the error summary', async () => {
  context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const before = await countRequests();
  await page.goto(`${stack.baseUrl}/w/${ws.slug}/request?lang=en`);

  // Tab from the top of the page until the language select has the focus (links and the switcher come first).
  const tabTo = async (id: string, most = 40) => {
    for (let i = 0; i < most; i++) {
      if ((await focusedId(page)) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached #${id}; focus is on #${await focusedId(page)}`);
  };
  await tabTo('language');
  await page.keyboard.type('English');
  expect(await page.locator('#language').inputValue()).toBe('en');
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe('topic');
  // Topic left unchosen on purpose; through the checkboxes to the email field.
  await tabTo('email', 10);
  await page.keyboard.type('keyboard@example.org');
  await tabTo('safety-no', 6);
  await page.keyboard.press('Space');
  expect(await page.locator('#safety-no').isChecked()).toBe(true);
  await page.keyboard.press('Shift+Tab'); // the radio group is one stop
  expect(await focusedId(page)).toBe('message');
  await page.keyboard.press('Shift+Tab');
  expect(await focusedId(page)).toBe('phone'); // a text field: Enter there sends the form
  const submitted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.keyboard.press('Enter');
  expect((await submitted).status()).toBe(400);
  await page.locator('#error-summary').waitFor();
  expect(await focusedId(page)).toBe('error-summary');
  expect(await countRequests()).toBe(before);

  // From the summary, Tab reaches the link to the field with the problem; Enter follows it.
  await page.keyboard.press('Tab');
  const link = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  expect(link).toBe('#topic');
  await page.keyboard.press('Enter'); // the link's target is the select itself, which takes the focus
  expect(await focusedId(page)).toBe('topic');
  await page.keyboard.type('Grief');
  expect(await page.locator('#topic').inputValue()).toBe('grief');
  await tabTo('email', 10);
  const resubmitted = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.keyboard.press('Enter');
  expect((await resubmitted).status()).toBe(201);
  await page.locator('h1', { hasText: 'Your request is on its way' }).waitFor();
  expect(await countRequests()).toBe(before + 1);
});
