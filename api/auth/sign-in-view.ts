// The pages of signing in and out: the password form, the second step (a passkey first where the person has one
// and the browser can use it, a code from an authenticator app or a recovery code as the fallback on the same
// page), and signing out.
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { passkeyForm, PASSKEY_SCRIPTS } from './passkeys-view';

export function loginPage(csrf: string, opts: { error?: string; email?: string; note?: string } = {}): string {
  return page(
    { title: 'Sign in' },
    html`<h1>Sign in</h1>
      ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/login">
        ${csrfField(csrf)}
        <label for="email">Email</label
        ><input type="email" id="email" name="email" autocomplete="username" value="${opts.email ?? ''}" />
        <label for="password">Password</label
        ><input type="password" id="password" name="password" autocomplete="current-password" />
        <p><button type="submit" class="big">Sign in</button></p>
      </form>
      <p><a href="/forgot-password">Forgot your password?</a></p>`,
  );
}

export function signOutPage(user: { name: string; role: string }, csrf: string): string {
  return page(
    { title: 'Sign out', user },
    html`<h1>Sign out</h1>
      <form method="post" action="/logout">
        ${csrfField(csrf)}
        <p><button type="submit" class="big">Sign out</button></p>
      </form>
      <p><a href="/settings/password">Change your password</a></p>
      <form method="post" action="/logout/everywhere">
        ${csrfField(csrf)}
        <p>Lost a phone, or signed in on a shared computer? End every session of your account, here and elsewhere.</p>
        <p><button type="submit">Sign out everywhere</button></p>
      </form>`,
  );
}

/** The second step. With a passkey, its button comes first (shown only where the browser can use it). */
export function codeStepPage(csrf: string, opts: { error?: string; passkey?: boolean } = {}): string {
  const { error, passkey } = opts;
  return page(
    { title: passkey ? 'Second step' : 'Enter your code', scripts: passkey ? PASSKEY_SCRIPTS : [] },
    html`<h1>${passkey ? 'Second step' : 'Enter your code'}</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      ${
        passkey
          ? passkeyForm({
              csrf,
              kind: 'sign-in',
              action: '/login/passkey',
              options: '/login/passkey/options',
              id: 'passkey-sign-in',
              intro: 'Use the passkey on this device or your security key.',
              button: 'Use your passkey',
            })
          : ''
      }
      ${passkey ? html`<h2>Or enter a code</h2>` : ''}
      <form method="post" action="/login/code">
        ${csrfField(csrf)}
        <label for="code">The 6-digit code from your authenticator app, or one of your recovery codes</label
        ><input id="code" name="code" autocomplete="one-time-code" maxlength="12" />
        <p><button type="submit" class="big">Continue</button></p>
      </form>
      <p class="hint">
        Lost your phone? Use a recovery code, or ask a coordinator of your team to reset your two-step sign-in.
      </p>`,
  );
}
