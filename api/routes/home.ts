// The signed-in home: a coordinator's recent requests, a counselor's open offers. No public directory.
import { Router } from 'express';
import type { Stores } from '../../db';
import { languageName, TOPIC_LABELS } from '../../db/vocabulary';
import { counselorAftercareNotice } from '../views/aftercare-home';
import { html, page } from '../views/html';
import { rotaHomeNotice } from './rota';

export function homeRoutes(deps: { stores: Stores; publicBaseUrl: string }): Router {
  const { stores, publicBaseUrl } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    const user = req.user;
    if (!user) {
      res.redirect(303, '/login');
      return;
    }
    if (user.role === 'counselor') {
      const offers = await stores.offers.listOpenForCounselor(user.id);
      res.type('html').send(
        page(
          { title: 'My offers', user },
          html`${await counselorAftercareNotice(stores, user)}
            <h1>My open offers</h1>
            ${offers.length === 0 ? html`<p class="muted">No open offers right now. Thank you for being available.</p>` : ''}
            <ul>
              ${offers.map((o) => html`<li>Request offered ${o.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (use the link in your SMS to accept)</li>`)}
            </ul>`,
        ),
      );
      return;
    }
    const workspace = await stores.workspaces.getById(user.workspaceId);
    const requests = await stores.requests.listRecent(user.workspaceId);
    const onCall = await rotaHomeNotice(stores, user);
    res.type('html').send(
      page(
        { title: 'Requests', user },
        html`<h1>Requests</h1>
          <p>
            Public request form:
            <a href="/w/${workspace?.slug ?? ''}/request">${publicBaseUrl}/w/${workspace?.slug ?? ''}/request</a>
          </p>
          ${onCall}
          ${user.role === 'lead' ? html`<p class="muted"><a href="/tasks">After-care tasks</a> · <a href="/messages">messages</a></p>` : ''}
          ${
            user.role === 'coordinator'
              ? html`<p class="muted">
                  Settings: <a href="/settings/policy">dispatch policy</a> ·
                  <a href="/settings/templates">message templates</a> · <a href="/tasks">after-care tasks</a> ·
                  <a href="/messages">messages</a>
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
