// The retention setting: how many days after a request closes its contact details and free text are kept.
import type { User } from '../../db';
import { RETENTION_DAYS } from '../../db';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export function retentionPage(opts: {
  user: User;
  value: string;
  error?: string;
  csrfToken: string;
  saved?: boolean;
}): string {
  const errors: Record<string, string> = opts.error ? { retentionDays: opts.error } : {};
  return page(
    { title: 'Data retention', user: opts.user },
    html`<p><a href="/">← Requests</a></p>
      <h1>Data retention</h1>
      ${opts.saved ? notice('Saved. The next daily purge uses it.') : ''}
      ${errorSummary('Nothing was saved. Please check:', opts.error ? [`Days: ${opts.error}`] : [])}
      <p class="card">
        Once a request has been closed this many days, the requester's email, phone number and message (and a
        cancellation reason) are deleted by a daily purge. The request itself, its timeline and its offers stay, so the
        team's statistics are kept.
      </p>
      <form method="post" action="/settings/retention" novalidate>
        ${csrfField(opts.csrfToken)}
        <label for="retentionDays">Keep contact details for (days after closing)</label>
        <p class="hint">
          From ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days; ${RETENTION_DAYS.default} unless you change it.
        </p>
        <input
          type="text"
          inputmode="numeric"
          pattern="[0-9]*"
          autocomplete="off"
          id="retentionDays"
          name="retentionDays"
          value="${opts.value}"
          ${invalidAttrs(errors, 'retentionDays')}
        />
        ${fieldError(errors, 'retentionDays')}
        <p><button type="submit">Save</button></p>
      </form>`,
  );
}
