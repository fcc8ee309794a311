// Locked down: the proxies trusted to name the visitor (TRUST_PROXY) decide which address the per-address limits
// count, and the Temporal Web UI's sign-in (Caddy's forward_auth asks /auth/temporal-ui) lets only signed-in
// coordinators through. The codec endpoint's own checks are in codec-endpoint.test.ts.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config';
import type { Workspace } from '../../db';
import { createCounselor, createStaff, createWorkspace, login, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
});

const appWith = (env: Record<string, string>) =>
  createApp({
    config: loadConfig({ ...stack.env, INTAKE_RATE_LIMIT: '1000', ...env }),
    stores: stack.stores,
    temporal: stack.temporal,
    log: () => {},
  });
const freshIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
/** The address the intake limit counted this submission against, read from its Postgres counter. */
const counted = async (ip: string) => (await stack.db('rate_limits').where({ key: `intake-ip:${ip}` })).length > 0;

describe('TRUST_PROXY', () => {
  const submit = (app: ReturnType<typeof createApp>, forwardedFor: string) =>
    request(app)
      .post('/api/requests')
      .set('x-forwarded-for', forwardedFor)
      .send({ workspace: ws.slug, language: 'en', topic: 'general', email: 'asking@example.org', safety: 'no' });

  it('with one hop trusted, counts the visitor named by the proxy', async () => {
    const ip = freshIp();
    expect((await submit(appWith({ TRUST_PROXY: '1' }), ip)).status).toBe(201);
    expect(await counted(ip)).toBe(true);
  });

  it('with only other proxies trusted, ignores what an untrusted peer claims', async () => {
    const ip = freshIp();
    // The test connects from loopback, which this list does not trust.
    expect((await submit(appWith({ TRUST_PROXY: '192.0.2.0/24' }), ip)).status).toBe(201);
    expect(await counted(ip)).toBe(false);
  });

  it('by default trusts a proxy on loopback only', async () => {
    const env = { ...stack.env } as Record<string, string>;
    delete env.TRUST_PROXY;
    expect(loadConfig(env).trustProxy).toEqual(['loopback']);
    const ip = freshIp();
    expect((await submit(appWith({}), ip)).status).toBe(201);
    expect(await counted(ip)).toBe(true);
  });
});

describe('the Temporal UI sign-in (/auth/temporal-ui, asked by Caddy forward_auth)', () => {
  it('lets a signed-in coordinator through and nobody else', async () => {
    const coordinator = await createStaff(stack.stores, ws, 'coordinator');
    const lead = await createStaff(stack.stores, ws, 'lead');
    const counselor = await createCounselor(stack.stores, ws);
    const ask = async (cookie?: string) => {
      const res = await fetch(`${stack.baseUrl}/auth/temporal-ui`, {
        headers: cookie ? { cookie } : {},
        redirect: 'manual',
      });
      return { status: res.status, location: res.headers.get('location') };
    };
    expect(await ask(await login(stack.baseUrl, coordinator.email))).toEqual({ status: 204, location: null });
    expect((await ask(await login(stack.baseUrl, lead.email))).status).toBe(403);
    expect((await ask(await login(stack.baseUrl, counselor.email))).status).toBe(403);
    // A browser without a session is sent to sign in (Caddy hands the redirect back to it).
    expect(await ask()).toEqual({ status: 303, location: '/login' });
    expect((await ask('sid=not-a-session')).status).toBe(303);
  });
});
