// The signed-in home of coordinators and leads: the public form's address, who is on call, the settings
// links their roles open, and the recent requests.
import type { HelpRequest, User } from '../../db';
import { hasRole } from '../../domain/roles';
import { languageName, topicLabel } from '../../domain/vocabulary';
import { html, page, type SafeHtml } from '../ui/html';

export function requestsHomePage(v: {
  user: User;
  workspaceSlug: string;
  publicBaseUrl: string;
  /** The rota's notice (who is on call, gaps ahead). */
  onCall: SafeHtml;
  requests: HelpRequest[];
}): string {
  return page(
    { title: 'Requests', user: v.user, current: 'requests' },
    html`<h1>Requests</h1>
      <p>
        Public request form:
        <a href="/w/${v.workspaceSlug}/request">${v.publicBaseUrl}/w/${v.workspaceSlug}/request</a>
      </p>
      ${v.onCall}
      ${
        hasRole(v.user, 'lead') && !hasRole(v.user, 'coordinator')
          ? html`<p class="muted">
              <a href="/tasks">After-care tasks</a> · <a href="/messages">messages</a> ·
              <a href="/settings/quiet-hours">quiet hours for alerts</a>
            </p>`
          : ''
      }
      ${
        hasRole(v.user, 'coordinator')
          ? html`<p class="muted">
              Settings: <a href="/settings/policy">dispatch policy</a> ·
              <a href="/settings/templates">message templates</a> · <a href="/settings/intake">intake websites</a> ·
              <a href="/settings/two-factor">two-step sign-in</a> · <a href="/settings/retention">data retention</a> ·
              <a href="/audit">audit log</a> · <a href="/tasks">after-care tasks</a> · <a href="/messages">messages</a>
            </p>`
          : ''
      }
      <table>
        <thead>
          <tr>
            <th>Submitted</th>
            <th>Topic</th>
            <th>Language</th>
            <th>Phase</th>
          </tr>
        </thead>
        <tbody>
          ${v.requests.map(
            (r) =>
              html`<tr>
                <td>
                  <a href="/requests/${r.id}">${r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</a>
                </td>
                <td>${topicLabel(r.topic)}${r.urgent ? html` <strong class="error">urgent</strong>` : ''}</td>
                <td>${languageName(r.language)}</td>
                <td>${r.phase}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}
