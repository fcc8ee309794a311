// Signed-in HTML forms over real HTTP: who is asking (anonymous, or a session with its CSRF token), the
// form posted as a browser posts it, and the page read back.
import { loginSession } from './stack';

export type Session = Awaited<ReturnType<typeof loginSession>>;

/** GET as a browser would (no redirect following, so a 303 stays visible). */
export function getPage(url: string, session?: Session): Promise<Response> {
  return fetch(url, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...(session ? { cookie: session.cookie } : {}) },
  });
}

/** POST a urlencoded form; the session's CSRF token goes in the _csrf field unless `csrf: false`. */
export function postForm(
  url: string,
  session: Session | undefined,
  fields: Record<string, string | string[]>,
  opts: { csrf?: boolean } = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  if (session && opts.csrf !== false) body.append('_csrf', session.csrf);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...(session ? { cookie: session.cookie } : {}),
    },
    body,
  });
}

/** A JSON call with the session's cookie, and its CSRF header unless `csrf: false`. */
export function sendJson(
  url: string,
  method: 'GET' | 'PUT' | 'POST',
  session: Session | undefined,
  body?: unknown,
  opts: { csrf?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.cookie = session.cookie;
  if (session && opts.csrf !== false) headers['x-csrf-token'] = session.csrf;
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The text of an element with this id in a page (tags stripped, whitespace collapsed); '' when absent. */
export function textOf(page: string, id: string): string {
  const open = new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>`).exec(page);
  if (!open) return '';
  const rest = page.slice(open.index + open[0].length);
  const end = rest.indexOf(`</${open[1]}>`);
  return plain(rest.slice(0, end < 0 ? undefined : end));
}

/** Visible text of HTML, roughly: tags out, entities decoded, whitespace collapsed. */
export function plain(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
