// The new-password form, one fragment for both pages that set a password: changing one's own (with the current
// password first) and choosing one by an emailed reset link. Same fields, same rule in the label, same ids.
import { MIN_PASSWORD_LENGTH } from '../../domain/password-rule';
import { csrfField } from '../ui/form-parts';
import { html, type SafeHtml } from '../ui/html';

export function newPasswordForm(v: {
  action: string;
  csrf: string;
  error?: string;
  /** The form's id, for a page or test that points at it. */
  id: string;
  /** Ask for the current password first (changing one's own while signed in). */
  current?: boolean;
  submit: string;
  hint: string;
}): SafeHtml {
  return html`${v.error ? html`<p class="error" role="alert" id="error">${v.error}</p>` : ''}
    <form method="post" action="${v.action}" id="${v.id}">
      ${csrfField(v.csrf)}
      ${
        v.current
          ? html`<label for="current">Current password</label
              ><input type="password" id="current" name="current" autocomplete="current-password" />`
          : ''
      }
      <label for="password">New password (at least ${MIN_PASSWORD_LENGTH} characters, not a common one)</label
      ><input type="password" id="password" name="password" autocomplete="new-password" />
      <label for="confirm">The same again</label
      ><input type="password" id="confirm" name="confirm" autocomplete="new-password" />
      <p><button type="submit" class="big">${v.submit}</button></p>
    </form>
    <p class="hint">${v.hint}</p>`;
}
