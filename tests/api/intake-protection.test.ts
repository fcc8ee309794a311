// The public intake's protection over real HTTP: the per-IP limit (Postgres), the honeypot and the signed render
// time on the HTML form, and CORS on POST /api/requests for the origins a workspace lists. A refused submission
// creates nothing. The test stack turns the limit and the fill time off (tests are fast and share one address);
// here an app on the same stack runs with the production defaults.
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../api/app';
import { intakeStamp, NEUTRAL_REFUSAL } from '../../api/intake/guard';
import { loadConfig } from '../../config';
import type { Workspace } from '../../db';
import { postForm } from '../helpers/forms';
import { createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let app: ReturnType<typeof createApp>;
let secret: string;
beforeAll(async () => {
  const env = { ...stack.env };
  delete (env as Record<string, string>).INTAKE_RATE_LIMIT;
  delete (env as Record<string, string>).INTAKE_MIN_FILL_MS;
  const config = loadConfig(env); // the production defaults: 30 a 10 minutes per IP, 2 s to fill the form
  expect(config.intake).toEqual({ rateLimit: 30, minFillMs: 2000 });
  secret = config.sessionSecret;
  app = createApp({ config, stores: stack.stores, temporal: stack.temporal, log: () => {} });
});

const freshIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const FIELDS = { language: 'en', topic: 'general', email: 'asking@example.org', safety: 'no' };
const countRequests = async (ws: Workspace) =>
  Number((await stack.db('help_requests').where({ workspace_id: ws.id }).count({ n: '*' }))[0].n);
const errorSummary = (page: string) => /<div class="errors" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';

describe('the HTML form', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
  });
  const post = (fields: Record<string, string>, ip = freshIp()) =>
    request(app).post(`/w/${ws.slug}/request`).set('x-forwarded-for', ip).type('form').send(fields);

  it('carries a signed render time and a honeypot hidden by a CSS class (no inline style)', async () => {
    const res = await request(app).get(`/w/${ws.slug}/request`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<input type="hidden" name="_t" value="\d+\.[\w-]+\.[\w-]+"/);
    expect(res.text).toMatch(/<div class="hp" aria-hidden="true">[\s\S]*name="website" tabindex="-1"/);
    expect(res.text).not.toContain('style=');
    const css = await request(app).get('/static/app.css');
    expect(css.text).toMatch(/\.hp\{position:absolute;left:-10000px/);
  });

  it('refuses, creating nothing, a form sent back faster than a person fills it', async () => {
    const form = await request(app).get(`/w/${ws.slug}/request`);
    const stamp = /name="_t" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const res = await post({ ...FIELDS, _t: stamp });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)).toContain(NEUTRAL_REFUSAL);
    // What was typed comes back, with a fresh stamp, so a person can simply send it again.
    expect(res.text).toContain('value="asking@example.org"');
    expect(/name="_t" value="([^"]+)"/.exec(res.text)?.[1]).toBeDefined();
    expect(await countRequests(ws)).toBe(0);
  });

  it('refuses a filled honeypot, a day-old form, a tampered or missing stamp, with the same neutral message', async () => {
    const ok = intakeStamp(secret, ws.slug, Date.now() - 5_000);
    const cases: Record<string, string>[] = [
      { ...FIELDS, _t: ok, website: 'http://spam.example' },
      { ...FIELDS, _t: intakeStamp(secret, ws.slug, Date.now() - 25 * 3600_000) },
      { ...FIELDS, _t: ok.replace(/^\d+/, String(Date.now() - 60_000)) },
      { ...FIELDS, _t: intakeStamp(secret, 'another-workspace', Date.now() - 5_000) },
      { ...FIELDS },
    ];
    for (const fields of cases) {
      const res = await post(fields);
      expect(res.status).toBe(400);
      expect(errorSummary(res.text)).toContain(NEUTRAL_REFUSAL);
    }
    expect(await countRequests(ws)).toBe(0);
  });

  it("takes a form filled at a person's pace", async () => {
    const res = await post({ ...FIELDS, _t: intakeStamp(secret, ws.slug, Date.now() - 5_000), website: '' });
    expect(res.status).toBe(201);
    expect(await countRequests(ws)).toBe(1);
  });

  it('takes each stamp once: the same good form sent again (a replaying bot) is refused and creates nothing', async () => {
    const stamp = intakeStamp(secret, ws.slug, Date.now() - 5_000);
    const before = await countRequests(ws);
    expect((await post({ ...FIELDS, _t: stamp })).status).toBe(201);
    const replayed = await post({ ...FIELDS, _t: stamp });
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('We could not send your request');
    expect(await countRequests(ws)).toBe(before + 1);
  });
});

describe('the per-IP limit', () => {
  it('takes 30 submissions from one address in 10 minutes, then answers 429 and creates nothing; other addresses go on', async () => {
    const ws = await createWorkspace(stack.stores);
    const ip = freshIp();
    const submit = (from: string) =>
      request(app)
        .post('/api/requests')
        .set('x-forwarded-for', from)
        .send({ workspace: ws.slug, ...FIELDS });
    for (let i = 0; i < 30; i++) expect((await submit(ip)).status).toBe(201);
    const refused = await submit(ip);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/^Too many attempts\. Try again in 10 minutes\. If you are in danger right now/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    // The HTML form from that address too.
    const form = await request(app)
      .post(`/w/${ws.slug}/request`)
      .set('x-forwarded-for', ip)
      .type('form')
      .send({ ...FIELDS, _t: intakeStamp(secret, ws.slug, Date.now() - 5_000) });
    expect(form.status).toBe(429);
    expect(await countRequests(ws)).toBe(30);
    expect((await submit(freshIp())).status).toBe(201);
  });
});

describe('CORS on the intake JSON endpoint', () => {
  const site = 'https://help.example.org';
  let ws: Workspace;
  let other: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace(stack.stores);
    other = await createWorkspace(stack.stores);
  });
  const preflight = (origin: string, path = '/api/requests') =>
    request(app)
      .options(path)
      .set('origin', origin)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type');
  const submitFrom = (origin: string | undefined, slug: string) => {
    const r = request(app).post('/api/requests').set('x-forwarded-for', freshIp());
    return (origin ? r.set('origin', origin) : r).send({ workspace: slug, ...FIELDS });
  };

  it('lets only the origins a coordinator listed call it from a browser, and only for their workspace', async () => {
    const before = await preflight(site);
    expect(before.headers['access-control-allow-origin']).toBeUndefined();
    expect((await submitFrom(site, ws.slug)).status).toBe(403);
    expect(await countRequests(ws)).toBe(0);

    const coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
    const bad = await postForm(`${stack.baseUrl}/settings/intake`, coordinator, {
      origins: `${site}\nhelp.example.org/form`,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('&quot;help.example.org/form&quot; is not an origin');
    expect(await stack.stores.intakeOrigins.list(ws.id)).toEqual([]);
    const saved = await postForm(`${stack.baseUrl}/settings/intake`, coordinator, { origins: `${site}/\n` });
    expect(saved.status).toBe(200);
    expect(await stack.stores.intakeOrigins.list(ws.id)).toEqual([site]);

    const allowed = await preflight(site);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(site);
    expect(allowed.headers['access-control-allow-methods']).toBe('POST');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const ok = await submitFrom(site, ws.slug);
    expect(ok.status).toBe(201);
    expect(ok.headers['access-control-allow-origin']).toBe(site);

    // Listed by one workspace does not open another's intake; an unlisted site gets nothing.
    expect((await submitFrom(site, other.slug)).status).toBe(403);
    expect(await countRequests(other)).toBe(0);
    expect((await submitFrom('https://evil.example', ws.slug)).status).toBe(403);
    // Servers (no Origin) and the deployment's own pages are not browsers on another site.
    expect((await submitFrom(undefined, ws.slug)).status).toBe(201);
    expect((await submitFrom(stack.config.publicBaseUrl, ws.slug)).status).toBe(201);
    expect(await countRequests(ws)).toBe(3);
  });

  it('sends no CORS headers anywhere else', async () => {
    await stack.stores.intakeOrigins.save(ws.id, [site]);
    for (const path of ['/api/session', `/w/${ws.slug}/request`, '/login']) {
      const res = await request(app).get(path).set('origin', site);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await preflight(site, path);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});
