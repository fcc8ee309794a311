// The settings index: every settings page, so the nav's "Settings" leads to one list of them.
import { html, page, type PageOptions } from '../ui/html';

/** Every settings page, for the index (the nav's "Settings" leads here). */
export const SETTINGS_PAGES = [
  { href: '/settings/policy', label: 'Dispatch policy', hint: 'waves, waits, widening' },
  { href: '/settings/templates', label: 'Message templates', hint: 'SMS and email texts' },
  { href: '/settings/rota', label: 'On-call rota', hint: 'who is on call, and when' },
  { href: '/settings/crisis-resources', label: 'Crisis resources', hint: 'lines shown to requesters in danger' },
  {
    href: '/settings/board',
    label: 'Board and requester pages',
    hint: 'time-to-help target, languages, phone country',
  },
  { href: '/settings/intake', label: 'Intake websites', hint: 'sites that may embed the request form' },
  { href: '/settings/service-hours', label: 'Service hours', hint: 'the days and hours the team answers' },
  { href: '/settings/retention', label: 'Data retention', hint: 'days before requester contact is purged' },
  { href: '/settings/two-factor', label: 'Two-step sign-in', hint: 'a code from an authenticator app' },
  { href: '/settings/quiet-hours', label: 'Quiet hours for alerts', hint: 'non-urgent alerts wait for your morning' },
  { href: '/settings/test-messages', label: 'Test messages', hint: 'send a test SMS or email to yourself' },
];

export function settingsIndexPage(user: PageOptions['user']): string {
  return page(
    { title: 'Settings', user, current: 'settings' },
    html`<h1>Settings</h1>
      <ul class="link-list">
        ${SETTINGS_PAGES.map(
          (p) => html`<li><a href="${p.href}">${p.label}</a> <span class="muted">${p.hint}</span></li>`,
        )}
      </ul>`,
  );
}
