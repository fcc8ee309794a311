// The parts of the passkey pages: the form a passkey ceremony runs in (hidden until api/static/passkeys.js finds
// a browser that can use passkeys; it fetches the options, lets the authenticator answer and posts the answer
// here), the account page's list of passkeys, and the confirmation before removing one.
import { csrfField } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';
import type { Passkey } from '../../db/stores/passkeys-store';
import { PASSKEY_NAME_MAX } from './passkeys';

/** The browser half of the passkey library, served from node_modules by our own app, and the page's script. */
export const PASSKEY_SCRIPTS = ['/static/vendor/simplewebauthn-browser.js', '/static/passkeys.js'];

export function passkeyForm(v: {
  csrf: string;
  kind: 'register' | 'sign-in';
  action: string;
  options: string;
  id: string;
  intro: string;
  button: string;
  /** Registering asks for a name, so the account page can tell one passkey from another. */
  named?: boolean;
}): SafeHtml {
  return html`<form
    method="post"
    action="${v.action}"
    id="${v.id}"
    class="passkey"
    data-passkey="${v.kind}"
    data-options="${v.options}"
    hidden
  >
    ${csrfField(v.csrf)}<input type="hidden" name="response" value="" />
    <p>${v.intro}</p>
    ${
      v.named
        ? html`<label for="${v.id}-name">Name it, so you know which device it is</label
            ><input
              id="${v.id}-name"
              name="name"
              maxlength="${String(PASSKEY_NAME_MAX)}"
              placeholder="My phone"
              autocomplete="off"
            />`
        : ''
    }
    <p><button type="submit" class="big">${v.button}</button></p>
    <p class="error" role="alert" data-passkey-status hidden>
      That did not work: your device made or used no passkey. Try again, or use an authenticator app instead.
    </p>
  </form>`;
}

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'never');

/** The account page's passkeys: each with its name, when it was added and last used, and a link to remove it. */
export function passkeyList(v: { passkeys: Passkey[]; csrf: string }): SafeHtml {
  return html`<h2>Passkeys</h2>
    ${
      v.passkeys.length
        ? html`<p id="passkey-state" data-count="${String(v.passkeys.length)}">
              Signing in asks for one of these first (a code from your app still works).
            </p>
            <ul id="passkeys">
              ${v.passkeys.map(
                (p) =>
                  html`<li>
                    <strong>${p.name}</strong>, added ${when(p.createdAt)}, last used ${when(p.lastUsedAt)}.
                    <a href="/settings/passkeys/${encodeURIComponent(p.id)}/remove">Remove</a>
                  </li>`,
              )}
            </ul>`
        : html`<p id="passkey-state" data-count="0">
            A passkey signs you in with your phone's or computer's lock (fingerprint, face or PIN): nothing to type.
          </p>`
    }
    ${passkeyForm({
      csrf: v.csrf,
      kind: 'register',
      action: '/settings/passkeys',
      options: '/settings/passkeys/options',
      id: 'passkey-add',
      intro: v.passkeys.length ? 'Add another, for another device.' : 'Add one for this device.',
      button: 'Add a passkey',
      named: true,
    })}`;
}

export function removePasskeyPage(v: { user: { name: string; role: string }; csrf: string; passkey: Passkey }): string {
  return page(
    { title: 'Remove a passkey', user: v.user },
    html`<h1>Remove a passkey?</h1>
      <p>
        <strong>${v.passkey.name}</strong>, added ${when(v.passkey.createdAt)}, last used ${when(v.passkey.lastUsedAt)}.
        It will no longer sign you in.
      </p>
      <form method="post" action="/settings/passkeys/${encodeURIComponent(v.passkey.id)}/remove">
        ${csrfField(v.csrf)}
        <p><button type="submit" class="big">Remove it</button></p>
      </form>
      <p><a href="/settings/two-factor">Keep it</a></p>`,
  );
}
