// The pages of two-step sign-in that come before a session: setting it up (an authenticator app's code) and the
// recovery codes, shown once.
import { csrfField } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { passkeyForm, PASSKEY_SCRIPTS } from './passkeys-view';

export function twoStepSetupPage(v: { csrf: string; secret: string; uri: string; error?: string; status?: string }) {
  return page(
    { title: 'Set up two-step sign-in', scripts: PASSKEY_SCRIPTS },
    html`<h1>Set up two-step sign-in</h1>
      <p>
        You can see the contact details of people who asked for help, so your account needs a second step besides the
        password. Set it up now: nothing else opens until it is done.
      </p>
      ${v.error ? html`<p class="error" role="alert" id="error">${v.error}</p>` : ''}
      ${passkeyForm({
        csrf: v.csrf,
        kind: 'register',
        action: '/login/two-step/passkey',
        options: '/login/two-step/passkey/options',
        id: 'passkey-setup',
        intro:
          'Best: a passkey. This phone or computer keeps it and unlocks it with your fingerprint, face or PIN; ' +
          'nothing to type at sign-in.',
        button: 'Make a passkey',
        named: true,
      })}
      <h2>With an authenticator app</h2>
      <p id="totp-state" data-state="pending">Add this key to your authenticator app, then enter the code it shows.</p>
      <p>Key: <code id="totp-secret">${v.secret}</code></p>
      <p>Or open: <a id="totp-uri" href="${v.uri}">${v.uri}</a></p>
      <form method="post" action="/login/two-step">
        ${csrfField(v.csrf)}
        <label for="code">Code</label
        ><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" />
        <p><button type="submit" class="big">Turn on</button></p>
      </form>`,
  );
}

export function recoveryCodesPage(codes: string[]) {
  return page(
    { title: 'Your recovery codes' },
    html`<h1>Two-step sign-in is on</h1>
      <div class="card" id="recovery-codes">
        <p>
          <strong>Your recovery codes.</strong> Each works once instead of a code, if you lose your phone. Keep them
          somewhere safe: they are not shown again.
        </p>
        <ul>
          ${codes.map((c) => html`<li><code>${c}</code></li>`)}
        </ul>
      </div>
      <p><a href="/" class="button big" id="continue">Continue</a></p>`,
  );
}

/** The coordinators' switch: whether the team's counselors must use two-step sign-in too. */
export function counselorTwoStepForm(v: { csrf: string; on: boolean }) {
  return html`<h2>Counselors</h2>
    <form method="post" action="/settings/two-factor/counselors" id="counselor-two-step">
      ${csrfField(v.csrf)}
      <p>Counselors see the contact of a requester they accept. Must they use two-step sign-in too?</p>
      <label
        ><input type="radio" name="counselorTwoStep" value="on" ${v.on ? 'checked' : ''} /> Yes: set it up at their next
        sign-in</label
      >
      <label><input type="radio" name="counselorTwoStep" value="off" ${v.on ? '' : 'checked'} /> No</label>
      <p><button type="submit">Save</button></p>
    </form>`;
}
