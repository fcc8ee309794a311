// "Forgot password" is limited per address (PASSWORD_RESET_RATE_LIMIT, 10 an hour by default): past the limit
// the form answers 429 with when to try again, and no reset email goes out. The rest of the suite runs without the
// limit (every file asks from 127.0.0.1 into one database), so this file runs the same app with a limit of 2.
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { freePort } from '../../scripts/services';
import { createCounselor, createWorkspace, useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack(); // with its worker: the reset email is sent by a workflow
let server: Server;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  const config = { ...stack.config, passwordReset: { perAddressLimit: 2 } };
  const app = createApp({ config, stores: stack.stores, temporal: stack.temporal, log: () => {} });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function askForReset(email: string) {
  const form = await fetch(`${base}/forgot-password`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return fetch(`${base}/forgot-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, _csrf: token }),
  });
}

it('answers the third request from one address within the hour with 429, and sends no email for it', async () => {
  const ws = await createWorkspace(stack.stores);
  const [a, b, c] = [
    await createCounselor(stack.stores, ws),
    await createCounselor(stack.stores, ws),
    await createCounselor(stack.stores, ws),
  ];
  expect((await askForReset(a.email)).status).toBe(200);
  expect((await askForReset(b.email)).status).toBe(200);
  const third = await askForReset(c.email);
  expect(third.status).toBe(429);
  expect(await third.text()).toMatch(/Try again in/);

  // The two allowed requests each got their email; the refused one none.
  await waitFor('the two reset emails', async () => {
    for (const u of [a, b])
      if ((await stack.stores.devOutbox.list({ to: u.email })).length === 0) throw new Error(u.email);
  });
  expect(await stack.stores.devOutbox.list({ to: c.email })).toEqual([]);
});
