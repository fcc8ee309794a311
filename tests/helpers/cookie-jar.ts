// A visitor over real HTTP who keeps cookies between requests, as a browser does (no redirects followed).
export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    /** Sent as X-Forwarded-For: the API trusts it from loopback, so a test can come "from" an IP of its own. */
    readonly ip?: string,
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: { method?: string; form?: Record<string, string>; json?: boolean } = {}) {
    const headers: Record<string, string> = { accept: init.json ? 'application/json' : 'text/html' };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (this.ip) headers['x-forwarded-for'] = this.ip;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.baseUrl + path, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, value] = pair.split('=');
      const cleared = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (cleared) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
  }

  /** The hidden _csrf field of the page last read (forms carry it). */
  static csrfIn(page: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(page);
    if (!m) throw new Error('no _csrf field in the page');
    return m[1];
  }

  /** Opens a form page and posts it with its own CSRF token, as a person filling it in does. */
  async submit(formPath: string, action: string, fields: Record<string, string>, opts: { json?: boolean } = {}) {
    const form = await this.fetch(formPath);
    return this.fetch(action, { form: { ...fields, _csrf: Visitor.csrfIn(form.text) }, json: opts.json });
  }

  async signIn(email: string, password: string) {
    return this.submit('/login', '/login', { email, password });
  }
}
