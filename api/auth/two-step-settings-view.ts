// The account page of two-step sign-in: the passkeys (first choice), the authenticator app and its recovery codes,
// and for coordinators the team's switch for counselors and the reset of a colleague's two-step sign-in.
import type { User } from '../../db';
import type { Passkey } from '../../db/stores/passkeys-store';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { passkeyList, PASSKEY_SCRIPTS } from './passkeys-view';
import { counselorTwoStepForm } from './two-step-view';

export interface TwoStepSettingsView {
  user: User;
  csrf: string;
  note?: string;
  error?: string;
  /** Fresh recovery codes, shown once. */
  codes?: string[];
  totp: { on: boolean; pending: string | null; uri: string };
  codesLeft: number;
  passkeys: Passkey[];
  /** The team's switch, for coordinators (undefined for others). */
  counselorTwoStep?: boolean;
  /** Colleagues whose two-step sign-in a coordinator may reset. */
  resettable: Pick<User, 'id' | 'name'>[];
}

export function twoStepSettingsPage(v: TwoStepSettingsView): string {
  const { csrf } = v;
  const secondStep = v.totp.on || v.passkeys.length > 0;
  return page(
    { title: 'Two-step sign-in', user: v.user, scripts: PASSKEY_SCRIPTS },
    html`<h1>Two-step sign-in</h1>
      ${v.note ? notice(v.note) : ''} ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
      ${
        v.codes
          ? html`<div class="card" id="recovery-codes">
              <p>
                <strong>Your recovery codes.</strong> Each works once instead of a code, if you lose your phone. Keep
                them somewhere safe: they are not shown again.
              </p>
              <ul>
                ${v.codes.map((c) => html`<li><code>${c}</code></li>`)}
              </ul>
            </div>`
          : ''
      }
      ${passkeyList({ passkeys: v.passkeys, csrf })}
      <h2>Authenticator app</h2>
      ${
        v.totp.on
          ? html`<p id="totp-state" data-state="on">On: signing in asks for a code from your authenticator app.</p>`
          : v.totp.pending
            ? html`<p id="totp-state" data-state="pending">
                  Add this key to your authenticator app, then enter the code it shows.
                </p>
                <p>Key: <code id="totp-secret">${v.totp.pending}</code></p>
                <p>Or open: <a id="totp-uri" href="${v.totp.uri}">${v.totp.uri}</a></p>
                <form method="post" action="/settings/two-factor/confirm">
                  ${csrfField(csrf)}
                  <label for="code">Code</label
                  ><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" />
                  <p><button type="submit">Turn on</button></p>
                </form>`
            : html`<p id="totp-state" data-state="off">
                  ${secondStep ? 'Off: no authenticator app is set up.' : 'Off: signing in needs only your password.'}
                </p>
                <form method="post" action="/settings/two-factor/start">
                  ${csrfField(csrf)}<button type="submit">
                    ${secondStep ? 'Set up an authenticator app too' : 'Set up two-step sign-in'}
                  </button>
                </form>`
      }
      ${
        secondStep
          ? html`${v.codes ? '' : html`<p id="recovery-left">${v.codesLeft} recovery code(s) left.</p>`}
              <form method="post" action="/settings/two-factor/recovery-codes">
                ${csrfField(csrf)}<button type="submit">Make new recovery codes</button>
              </form>`
          : ''
      }
      ${v.counselorTwoStep !== undefined ? counselorTwoStepForm({ csrf, on: v.counselorTwoStep }) : ''}
      ${
        v.resettable.length
          ? html`<h2>Reset for a colleague</h2>
              <p>For someone who lost their phone and their recovery codes: they set it up again at sign-in.</p>
              <ul>
                ${v.resettable.map(
                  (u) =>
                    html`<li>
                      <form method="post" action="/settings/two-factor/reset/${u.id}" class="inline">
                        ${csrfField(csrf)}<span>${u.name}</span>
                        <button type="submit" class="link">Reset</button>
                      </form>
                    </li>`,
                )}
              </ul>`
          : ''
      }`,
  );
}
