// Behind https (PUBLIC_BASE_URL https, as behind the Caddy of deploy/) every auth cookie is `__Host-` prefixed:
// Secure, Path=/, no Domain, so a sibling subdomain or a plain-http page cannot plant or shadow one. A plain
// cookie of the same name opens nothing there. On http dev the plain names (browsers refuse `__Host-` there).
import type { Server } from 'node:http';
import { createApp } from '../../api/app';
import { totpCode, totpStep } from '../../api/auth/totp';
import { freePort } from '../../scripts/services';
import { createCounselor, createStaff, createWorkspace, TEST_PASSWORD, useTestStack } from '../helpers/stack';

const stack = useTestStack();
let server: Server;
let httpsBase: string;

beforeAll(async () => {
  // The same app with an https public address; the test talks to it on loopback as the proxy in front would.
  const port = await freePort();
  const config = { ...stack.config, publicBaseUrl: 'https://dispatch.example.org' };
  const app = createApp({ config, stores: stack.stores, temporal: stack.temporal, log: () => {} });
  server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  httpsBase = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const pairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);
const named = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

/** Every attribute `__Host-` demands, and nothing that would make the browser drop it. */
function expectHostCookie(header: string | undefined) {
  expect(header).toBeDefined();
  const attrs = (header as string).split(';').map((a) => a.trim().toLowerCase());
  expect(attrs[0]).toMatch(/^__host-/);
  expect(attrs).toContain('secure');
  expect(attrs).toContain('path=/');
  expect(attrs).toContain('httponly');
  expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
}

async function preSession(base: string) {
  const res = await fetch(`${base}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { res, cookies: pairs(res), token };
}

async function signIn(base: string, email: string, pre: { cookies: string[]; token: string }, extra: string[] = []) {
  return fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: [...pre.cookies, ...extra].join('; '),
    },
    body: new URLSearchParams({ email, password: TEST_PASSWORD, _csrf: pre.token }),
  });
}

it('on https: the pre-session, session and known-device cookies are __Host- cookies, and a plain one opens nothing', async () => {
  const ws = await createWorkspace(stack.stores);
  // A counselor of a team that asks no second step of counselors: the password alone opens a session.
  const counselor = await createCounselor(stack.stores, ws);
  const pre = await preSession(httpsBase);
  expectHostCookie(named(pre.res, '__Host-psid'));
  expect(named(pre.res, 'psid')).toBeUndefined();

  // The form's token is bound to the __Host- cookie: the same value under the plain name is no pre-session.
  const plainPre = { cookies: pre.cookies.map((c) => c.replace(/^__Host-/, '')), token: pre.token };
  expect((await signIn(httpsBase, counselor.email, plainPre)).status).toBe(403);

  const res = await signIn(httpsBase, counselor.email, pre);
  expect(res.status).toBe(200);
  expectHostCookie(named(res, '__Host-sid'));
  expectHostCookie(named(res, '__Host-device'));
  expect(pairs(res).filter((c) => !c.startsWith('__Host-'))).toEqual([]);
  const sid = pairs(res).find((c) => c.startsWith('__Host-sid=')) as string;

  const home = (cookie: string) => fetch(`${httpsBase}/`, { redirect: 'manual', headers: { cookie } });
  expect((await home(sid)).status).toBe(200);
  // The same session id under the plain name (what a sibling subdomain could set) is no session.
  const plain = await home(sid.replace(/^__Host-/, ''));
  expect(plain.status).toBe(303);
  expect(plain.headers.get('location')).toBe('/login');

  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const out = await fetch(`${httpsBase}/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: sid, 'x-csrf-token': csrfToken, accept: 'text/html' },
  });
  expect(out.status).toBe(303);
  expectHostCookie(named(out, '__Host-sid'));
  expect((await home(sid)).status).toBe(303);
});

it('on https: the second sign-in step carries its challenge in a __Host- cookie', async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws, 'coordinator', { twoStep: false });
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await stack.stores.accounts.setPendingTotp(coordinator.id, secret);
  expect(await stack.stores.accounts.confirmTotp(coordinator.id, totpStep(Date.now()) - 10)).toBe(true);
  const pre = await preSession(httpsBase);
  const first = await signIn(httpsBase, coordinator.email, pre);
  expect(first.status).toBe(202);
  expectHostCookie(named(first, '__Host-login_challenge'));
  expect(named(first, 'login_challenge')).toBeUndefined();
  const challenge = pairs(first).filter((c) => c.startsWith('__Host-login_challenge='));
  const second = await fetch(`${httpsBase}/login/code`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      cookie: [...pre.cookies, ...challenge].join('; '),
    },
    body: new URLSearchParams({ code: totpCode(secret, totpStep(Date.now())), _csrf: pre.token }),
  });
  expect(second.status).toBe(200);
  expectHostCookie(named(second, '__Host-sid'));
});

it('on http (dev): the plain names, without Secure', async () => {
  const ws = await createWorkspace(stack.stores);
  const counselor = await createCounselor(stack.stores, ws);
  const pre = await preSession(stack.baseUrl);
  expect(named(pre.res, 'psid')).not.toMatch(/secure/i);
  const res = await signIn(stack.baseUrl, counselor.email, pre);
  expect(res.status).toBe(200);
  expect(
    pairs(res)
      .map((c) => c.split('=')[0])
      .sort(),
  ).toEqual(['device', 'sid']);
  expect(res.headers.getSetCookie().join('\n')).not.toMatch(/__Host-|secure/i);
});
