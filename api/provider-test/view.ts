// The settings page with the two buttons, and what became of the last send.
import type { TextForm } from '../../domain/text-forms';
import type { User } from '../../db';
import { csrfField, errorSummary, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import type { TestSendResult } from './service';

/** A fixed text per result (the page never echoes input). */
export const RESULT_TEXT: Record<TestSendResult, { ok: boolean; text: string }> = {
  sent: { ok: true, text: 'Sent. It should arrive within a minute.' },
  'already-sent': { ok: true, text: 'Already sent from this page: reload the page to send another.' },
  retry: { ok: false, text: 'The provider refused it for now (busy or unreachable). Try again in a minute.' },
  'permanent-failure': {
    ok: false,
    text: 'The provider refused it for good: check the address or number in your account, and the sender settings.',
  },
  'in-doubt': { ok: false, text: 'No answer from the provider in time: it may or may not arrive. Check in a minute.' },
  skipped: { ok: false, text: 'Not sent.' },
  'no-phone': { ok: false, text: 'Your account has no phone number: add one to your profile first.' },
  'sms-off': { ok: false, text: 'SMS is off on this deployment (no Twilio configured): the team runs on email alone.' },
};

export function testMessagesPage(opts: {
  user: User;
  csrfToken: string;
  attemptId: string;
  phone: string | null;
  email: string;
  result?: TestSendResult;
  error?: string;
}) {
  const result = opts.result ? RESULT_TEXT[opts.result] : undefined;
  const button = (channel: TextForm, label: string, disabled: boolean) =>
    html`<form method="post" action="/settings/test-messages">
      ${csrfField(opts.csrfToken)}
      <input type="hidden" name="attempt" value="${opts.attemptId}" />
      <input type="hidden" name="channel" value="${channel}" />
      <div class="buttons"><button type="submit" ${disabled ? html`disabled` : ''}>${label}</button></div>
    </form>`;
  return page(
    { title: 'Test messages', user: opts.user, current: 'settings' },
    html`<p><a href="/settings">← Settings</a></p>
      <h1>Test messages</h1>
      <p>
        Check that this deployment's SMS provider and mail server reach you. Each send is recorded in the audit log.
      </p>
      ${result?.ok ? notice(result.text) : ''}
      ${errorSummary('Not sent:', [...(result && !result.ok ? [result.text] : []), ...(opts.error ? [opts.error] : [])])}
      <h2>SMS</h2>
      <p>To ${opts.phone ?? 'no phone number on your account'}.</p>
      ${button('sms', 'Send a test SMS to me', !opts.phone)}
      <h2>Email</h2>
      <p>To ${opts.email}.</p>
      ${button('email', 'Send a test email to me', false)}`,
  );
}
