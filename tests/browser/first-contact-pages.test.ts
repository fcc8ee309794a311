// The silent winner's pages on a 360x740 phone in real Chromium, without JavaScript: the counselor confirms first
// contact with one tap on their session page; the requester's "No" link opens a page whose button answers.
import type { Browser, BrowserContext } from 'playwright-core';
import type { DispatchPolicy } from '../../domain/policy';
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import { messageTo, untilAfterWin } from '../helpers/aftercare';
import { expectNoSidewaysScroll, launchBrowser, phoneContext, saveScreenshot } from '../helpers/browser';
import {
  acceptLinkIn,
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  smsTo,
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
  await context?.close();
  await browser?.close();
});

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '120s' }],
  firstContactWithin: '1s',
  requesterCheckAfter: '2s',
  coordinatorAlertAfter: '10m',
};

it('the requester answers "no" by a button, and the counselor confirms first contact with one tap', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const coordinator = await createStaff(stack.stores, ws);
  const counselor = await createCounselor(stack.stores, ws);
  const requesterEmail = `req-${Date.now()}-browser@example.org`;
  const submitted = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: requesterEmail,
    safety: 'no',
  });
  const requestId = submitted.body.id as string;
  const offer = await waitFor('the offer SMS', async () => {
    const sms = (await smsTo(stack.stores, [counselor.phone!])).find((m) => /New request/.test(m.body));
    if (!sms) throw new Error('not yet');
    return sms;
  });
  const link = acceptLinkIn(offer.body);
  expect((await fetch(`${link}/accept`, { method: 'POST' })).status).toBe(200);
  const handle = stack.temporal.workflow.getHandle(workflowIdFor(requestId));
  await untilAfterWin(handle);

  context = await phoneContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();

  // The requester's question: the link shows the page, the button answers.
  const check = await messageTo(stack.stores, requesterEmail, /Has a counselor been in touch/);
  const no = /No: (\S+)/.exec(check.body)![1];
  await page.goto(no);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'first-contact-requester-question-360');
  expect((await handle.query(dispatchStatusQuery)).firstContact?.requesterAnswer).toBeNull();
  await page.getByRole('button', { name: 'No, nobody has been in touch' }).tap();
  await page.getByText('The team has been told').waitFor();
  await saveScreenshot(page, 'first-contact-requester-answered-360');
  await messageTo(stack.stores, coordinator.email, /no counselor has been in touch/);

  // The counselor's session page: the first card is the one-tap confirmation.
  await page.goto(`${link}/session`);
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'first-contact-counselor-session-360');
  await page.getByRole('button', { name: 'I have been in touch' }).tap();
  await page.getByText('Thank you: first contact noted.').waitFor();
  expect(await page.getByRole('button', { name: 'I have been in touch' }).count()).toBe(0);
  expect((await handle.query(dispatchStatusQuery)).firstContact?.confirmedBy).toBe('counselor');
  await handle.terminate('test done');
});
