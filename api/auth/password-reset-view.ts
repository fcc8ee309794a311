// The "forgot password" pages: ask for a link, and choose a new password by it (api/auth/password-reset-routes.ts).
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import { newPasswordForm } from './new-password-view';

export function forgotPage(csrf: string, opts: { note?: string; error?: string } = {}): string {
  return page(
    { title: 'Forgot password' },
    html`<h1>Forgot your password?</h1>
      ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/forgot-password">
        ${csrfField(csrf)}
        <label for="email">Your account's email</label
        ><input type="email" id="email" name="email" autocomplete="username" />
        <p><button type="submit" class="big">Email me a link</button></p>
      </form>
      <p><a href="/login">Back to sign in</a></p>`,
  );
}

export function newPasswordPage(token: string, csrf: string, error?: string): string {
  return page(
    { title: 'Choose a new password' },
    html`<h1>Choose a new password</h1>
      ${newPasswordForm({
        action: `/reset-password/${token}`,
        id: 'new-password',
        csrf,
        error,
        submit: 'Set password',
        hint: 'Setting it signs you out everywhere else.',
      })}`,
  );
}
