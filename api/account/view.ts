// The change-password page of one's own account.
import { newPasswordForm } from '../auth/new-password-view';
import { notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export function passwordPage(v: { user: { name: string; role: string }; csrf: string; error?: string; note?: string }) {
  return page(
    { title: 'Change your password', user: v.user },
    html`<h1>Change your password</h1>
      ${v.note ? notice(v.note) : ''}
      ${newPasswordForm({
        action: '/settings/password',
        id: 'change-password',
        current: true,
        csrf: v.csrf,
        error: v.error,
        submit: 'Change password',
        hint: 'Changing it signs you out everywhere else.',
      })}`,
  );
}
