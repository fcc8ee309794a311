// A tagged template that escapes every value unless it is already safe HTML.
import { escapeHtml } from '../errors';
import type { Role } from '../../db';
import { navBar } from './nav';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = string | number | boolean | null | undefined | SafeHtml | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export interface PageOptions {
  title: string;
  lang?: string;
  user?: { name: string; role: string; roles?: readonly Role[]; inDemo?: boolean } | null;
  /** A page of the demo workspace without a signed-in user (its request form): says it is a demo. */
  demo?: boolean;
  /** The nav key of this page (api/ui/nav.ts), marked as the current one. */
  current?: string;
  /** Script files under /static/ that enhance the page; it works without them. */
  scripts?: string[];
  /** Wide pages (tables, charts) use the width of a laptop screen; the rest keep a reading width. */
  wide?: boolean;
}

/** The one page shell: mobile-first, one small stylesheet, the nav when signed in; scripts only as files. */
export function page(opts: PageOptions, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="${opts.lang ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${opts.title}</title>
        <link rel="stylesheet" href="/static/app.css" />
        ${(opts.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header class="top">
          <a href="/" class="brand">Peer Dispatch</a>${
            opts.user
              ? html`<span class="inline"><span>${opts.user.name}</span> <a href="/logout">Sign out</a></span>`
              : ''
          }
        </header>
        ${opts.user ? new SafeHtml(navBar(opts.user.roles ?? [opts.user.role as Role], opts.current)) : ''}
        ${
          opts.user?.inDemo || opts.demo
            ? html`<p class="demo-banner" role="note" id="demo-banner">
                Demo workspace: the people and requests here are made up, and its password is printed at start. Do not
                enter real requests.
              </p>`
            : ''
        }
        <main${opts.wide ? html` class="wide"` : ''}>${body}</main>
      </body>
    </html>`.value;
}
