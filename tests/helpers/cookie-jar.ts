// A visitor over real HTTP who keeps cookies between requests, as a browser does (no redirects followed).
import { rememberTwoStep, secondStepAnswer, setupAnswer } from './two-step';

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

  /**
   * Signs in as a person does: the password, then the second step when asked (a code, or setting it up first;
   * tests/helpers/two-step.ts). `{ passwordOnly: true }` stops after the password's answer.
   */
  async signIn(email: string, password: string, opts: { passwordOnly?: boolean } = {}) {
    const first = await this.submit('/login', '/login', { email, password });
    if (opts.passwordOnly) return first;
    if (first.status === 200 && first.text.includes('action="/login/code"'))
      return this.fetch('/login/code', {
        form: { code: await secondStepAnswer(email), _csrf: Visitor.csrfIn(first.text) },
      });
    if (first.status === 303 && first.location === '/login/two-step') {
      const page = await this.fetch('/login/two-step');
      const setup = setupAnswer(page.text);
      const done = await this.fetch('/login/two-step', {
        form: { code: setup.code, _csrf: Visitor.csrfIn(page.text) },
      });
      const codes = [...done.text.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]);
      if (done.status === 200) rememberTwoStep(email, setup.secret, setup.step, codes);
      return done;
    }
    return first;
  }
}
