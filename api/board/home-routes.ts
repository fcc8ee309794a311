// The signed-in home of coordinators and leads: the recent requests. No public directory.
import { hasRole } from '../../domain/roles';
import { Router } from 'express';
import type { Stores } from '../../db';
import { languageName, TOPIC_LABELS } from '../../domain/vocabulary';
import { html, page } from '../ui/html';
import { rotaHomeNotice } from '../rota/routes';
import { allow, RULES } from '../auth/access-policy';

export function homeRoutes(deps: { stores: Stores; publicBaseUrl: string }): Router {
  const { stores, publicBaseUrl } = deps;
  const router = Router();

  router.get('/', allow(RULES.signedIn, { page: true }), async (req, res) => {
    const user = req.user!;
    // A counselor's home is api/counselor-home/routes.ts (mounted before this router).
    const workspace = await stores.workspaces.getById(user.workspaceId);
    const requests = await stores.requests.listRecent(user.workspaceId);
    const onCall = await rotaHomeNotice(stores, user);
    res.type('html').send(
      page(
        { title: 'Requests', user, current: 'requests' },
        html`<h1>Requests</h1>
          <p>
            Public request form:
            <a href="/w/${workspace?.slug ?? ''}/request">${publicBaseUrl}/w/${workspace?.slug ?? ''}/request</a>
          </p>
          ${onCall}
          ${hasRole(user, 'lead') && !hasRole(user, 'coordinator') ? html`<p class="muted"><a href="/tasks">After-care tasks</a> · <a href="/messages">messages</a></p>` : ''}
          ${
            hasRole(user, 'coordinator')
              ? html`<p class="muted">
                  Settings: <a href="/settings/policy">dispatch policy</a> ·
                  <a href="/settings/templates">message templates</a> · <a href="/settings/intake">intake websites</a> ·
                  <a href="/settings/two-factor">two-step sign-in</a> ·
                  <a href="/settings/retention">data retention</a> · <a href="/audit">audit log</a> ·
                  <a href="/tasks">after-care tasks</a> · <a href="/messages">messages</a>
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
              ${requests.map(
                (r) =>
                  html`<tr>
                    <td>
                      <a href="/requests/${r.id}">${r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</a>
                    </td>
                    <td>${TOPIC_LABELS[r.topic]}${r.urgent ? html` <strong class="error">urgent</strong>` : ''}</td>
                    <td>${languageName(r.language)}</td>
                    <td>${r.phase}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
      ),
    );
  });

  return router;
}
