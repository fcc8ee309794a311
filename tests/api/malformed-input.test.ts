// Malformed requests answer 400/413/415 with a readable message, never a 500, and change nothing: the probe's
// examples one by one, then a few hundred generated cases (fixed seed) across every route of the router.
import { createApp } from '../../api/app';
import { routeTable, type RouteEntry } from '../helpers/route-table';
import type { Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';
import type { Workspace } from '../../db';

const stack = useTestStack();
let ws: Workspace;
let coordinator: Session;
let counselor: Session;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
  counselor = await loginSession(stack.baseUrl, (await createCounselor(stack.stores, ws)).email);
});

/** Rows of this file's workspace in every table that names a workspace or one of its requests. */
async function fingerprint(): Promise<Record<string, number>> {
  const db = stack.db;
  const cols = await db('information_schema.columns')
    .where({ table_schema: 'public' })
    .whereIn('column_name', ['workspace_id', 'request_id'])
    .select('table_name', 'column_name');
  const out: Record<string, number> = {};
  for (const { table_name: t, column_name: c } of cols as { table_name: string; column_name: string }[]) {
    // Sessions are touched by every signed-in request; they hold no case data.
    if (t === 'sessions' || t === 'rate_limits') continue;
    // Reads that are audited (a coordinator listing people) are not changes: only other audit rows count.
    const q =
      c === 'workspace_id'
        ? db(t)
            .where('workspace_id', ws.id)
            .modify((b) => {
              if (t === 'audit_log') b.whereNot('action', 'like', '%\\_listed');
            })
        : db(t).whereIn('request_id', db('help_requests').where('workspace_id', ws.id).select('id'));
    out[`${t}.${c}`] = Number((await q.count({ n: '*' }))[0].n);
  }
  out['help_requests.all-with-nul'] = Number(
    (await db('help_requests').whereRaw("language like '%' || chr(1) || '%'").count({ n: '*' }))[0].n,
  );
  return out;
}

async function send(
  method: string,
  path: string,
  opts: { who?: Session; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.who) {
    headers.cookie = opts.who.cookie;
    headers['x-csrf-token'] = opts.who.csrf;
  }
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    redirect: 'manual',
    body: method === 'GET' || method === 'HEAD' ? undefined : opts.body,
  });
  return { status: res.status, text: await res.text() };
}

const readable = (r: { text: string }) => /"error":"[^"]{5,}"|<h1>[^<]{5,}<\/h1>/.test(r.text);

describe("the probe's malformed requests", () => {
  it.each([
    ['GET', '/o/%ff'],
    ['GET', '/r/%ff'],
    ['POST', '/o/%ff/accept'],
    ['POST', '/w/%C0%80/request'],
    ['GET', '/requests/%E0%A4%A'],
    ['GET', '/o/abc%00def'],
    ['GET', '/healthz?x=%ff'],
  ])('%s %s answers 400 with a message', async (method, path) => {
    const r = await send(method, path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(r.status).toBe(400);
    expect(readable(r)).toBe(true);
  });

  it('a NUL byte in the JSON intake never reaches PostgreSQL', async () => {
    const before = await fingerprint();
    const r = await send('POST', '/api/requests', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspace: `${ws.slug}\u0000`,
        language: 'en',
        topic: 'general',
        email: 'a@b.org',
        safety: 'no',
      }),
    });
    expect(r.status).toBe(400);
    expect(readable(r)).toBe(true);
    const r2 = await send('POST', '/api/requests', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspace: ws.slug,
        language: 'en',
        topic: 'general',
        email: 'a@b.org',
        message: 'hi\u0000',
        safety: 'no',
      }),
    });
    expect(r2.status).toBe(400);
    expect(await fingerprint()).toEqual(before);
  });

  it('a bad Content-Encoding or charset is a 415, more than 1,000 form fields a 413', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const enc = await send('POST', `/w/${ws.slug}/request`, {
      headers: { ...form, 'content-encoding': 'zstd-x' },
      body: 'a=1',
    });
    expect(enc.status).toBe(415);
    // Says gzip and is not: a 400, not a 500.
    const notGzip = await send('POST', `/w/${ws.slug}/request`, {
      headers: { ...form, 'content-encoding': 'gzip' },
      body: 'a=1',
    });
    expect(notGzip.status).toBe(400);
    expect(readable(notGzip)).toBe(true);
    const cs = await send('POST', '/api/requests', {
      headers: { 'content-type': 'application/json; charset=utf-42' },
      body: '{}',
    });
    expect(cs.status).toBe(415);
    const many = Array.from({ length: 1_500 }, (_, i) => `f${i}=x`).join('&');
    const tooMany = await send('POST', `/w/${ws.slug}/request`, { headers: form, body: many });
    expect(tooMany.status).toBe(413);
    for (const r of [enc, cs, tooMany]) expect(readable(r)).toBe(true);
  });
});

// A small deterministic generator: the same cases on every run, so a failure can be replayed.
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_ESCAPES = ['%ff', '%C0%80', '%E0%A4%A', '%', '%zz', 'a%00b', '%00'];
const ODD_VALUES = ['..%2F..%2Fetc', 'x'.repeat(3000), '%F0%9F%98%80', 'null', '-1', '1e309', '%20', "'%3B--"];

interface Case {
  name: string;
  method: string;
  path: string;
  who?: Session;
  headers: Record<string, string>;
  body?: string;
  /** The statuses this case may get: malformed cases one exact code, odd-but-valid ones any non-5xx. */
  expect: (status: number) => boolean;
}

function casesFor(routes: RouteEntry[], rnd: () => number): Case[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: Case[] = [];
  const fill = (r: RouteEntry, value: () => string) =>
    r.path.replace(/:(\w+)/g, () => value()).replace(/\*\w*/g, () => value());
  for (const r of routes) {
    const who = pick([undefined, coordinator, counselor]);
    const codec = r.path.startsWith('/codec');
    // 1. A malformed escape in a param (or the query string): 400 before any route runs.
    const bad = pick(BAD_ESCAPES);
    const badPath = r.params.length ? fill(r, () => bad) : `${r.path}?q=${bad}`;
    out.push({
      name: `${r.key} with ${bad}`,
      method: r.method,
      path: badPath,
      who,
      headers: {},
      expect: (s) => s === 400,
    });
    // 2. Odd but well-formed params: whatever the route says, never a 5xx.
    if (r.params.length) {
      const odd = fill(r, () => pick(ODD_VALUES));
      out.push({ name: `${r.key} odd`, method: r.method, path: odd, who, headers: {}, expect: (s) => s < 500 });
    }
    // 3. A malformed body on every route that takes one.
    if (r.method !== 'GET' && r.method !== 'HEAD') {
      const path = fill(r, () => 'a');
      const kind = pick(['nul-json', 'nul-form', 'encoding', 'charset', 'fields', 'broken-json', 'deep-json', 'big']);
      const json = { 'content-type': 'application/json' };
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      // The codec endpoint reads its body after the session check; a CORS preflight reads none.
      const lenient = codec || r.method === 'OPTIONS';
      const exact = (code: number) => (lenient ? (s: number) => s < 500 : (s: number) => s === code);
      const c = (headers: Record<string, string>, body: string, ok: (s: number) => boolean): Case => ({
        name: `${r.key} ${kind}`,
        method: r.method,
        path,
        who,
        headers,
        body,
        expect: ok,
      });
      if (kind === 'nul-json')
        out.push(
          c(
            json,
            JSON.stringify({ workspace: `a\u0000`, body: 'x\u0000y', name: ['\u0000'], _csrf: who?.csrf }),
            exact(400),
          ),
        );
      if (kind === 'nul-form') out.push(c(form, `name=a%00b&body=x&_csrf=${who?.csrf ?? ''}`, exact(400)));
      if (kind === 'encoding')
        out.push(
          c(
            { ...form, 'content-encoding': pick(['zstd-x', 'gzip', 'br, bogus']) },
            'a=1',
            (s) => s === 415 || s === 400 || (lenient && s < 500),
          ),
        );
      if (kind === 'charset')
        out.push(
          c({ 'content-type': `application/json; charset=${pick(['utf-42', 'koi8-x', 'x'])}` }, '{}', exact(415)),
        );
      if (kind === 'fields')
        out.push(
          c(form, Array.from({ length: 1_001 + Math.floor(rnd() * 2_000) }, (_, i) => `f${i}=1`).join('&'), exact(413)),
        );
      if (kind === 'broken-json')
        out.push(c(json, pick(['{', '{"a":', '\u0000', '[1,,2]', '{"a":"\\u00']), exact(400)));
      if (kind === 'deep-json') out.push(c(json, '['.repeat(5_000) + ']'.repeat(5_000), (s) => s < 500));
      if (kind === 'big') out.push(c(form, `a=${'x'.repeat(40_000)}`, (s) => s === 413 || (lenient && s < 500)));
    }
  }
  return out;
}

describe('generated malformed requests across the router', () => {
  it('answer with a 4xx (never a 5xx) and change nothing in the database', async () => {
    const app = createApp({
      config: stack.config,
      stores: stack.stores,
      temporal: stack.temporal,
      log: () => {},
    });
    const routes = routeTable(app).filter((r) => !r.path.startsWith('/dev/'));
    const cases = casesFor(routes, mulberry32(18));
    expect(cases.length).toBeGreaterThan(250);
    const before = await fingerprint();
    const wrong: string[] = [];
    for (const c of cases) {
      const r = await send(c.method, c.path, { who: c.who, headers: c.headers, body: c.body });
      if (!c.expect(r.status) || r.status >= 500) wrong.push(`${c.name} -> ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint()).toEqual(before);
  }, 240_000);
});
