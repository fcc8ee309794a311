// Staff acknowledge an urgent alert from the link in it (the GET shows, the POST acknowledges), and a
// counselor raises "this needs more than peer support" from their request page.
import { Router } from 'express';
import type { Stores } from '../../db';
import { TOPIC_LABELS, languageName } from '../../domain/vocabulary';
import type { DispatchService } from './service';
import { Conflict, NotFound } from '../errors';
import { html, page } from '../ui/html';
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';

export function alertRoutes(deps: { stores: Stores; dispatch: DispatchService }): Router {
  const { stores, dispatch } = deps;
  const router = Router();
  const link = allow(RULES.linkToken);

  async function byToken(token: string) {
    await refuseExpiredLink(stores, 'alert', token);
    const link = await stores.safety.resolveAlertLink(token);
    const request = link && (await stores.requests.getById(link.requestId));
    if (!link || !request) throw new NotFound('This link is not valid.');
    return { link, request };
  }

  router.get('/a/:token', link, async (req, res) => {
    const { request } = await byToken(req.params.token);
    res.type('html').send(
      page(
        { title: 'Urgent request' },
        html`<h1>Someone may be in danger now</h1>
          <div class="card">
            <p><strong>${TOPIC_LABELS[request.topic]}</strong> · ${languageName(request.language)} · urgent</p>
          </div>
          <form method="post" action="/a/${req.params.token}">
            <button type="submit" class="big">I'm on it: acknowledge</button>
          </form>
          <p><a href="/requests/${request.id}">Open the request</a> (sign-in needed)</p>`,
      ),
    );
  });

  router.post('/a/:token', link, async (req, res) => {
    const { link, request } = await byToken(req.params.token);
    const first = await dispatch.acknowledgeUrgent(request, link.userId);
    res.type('html').send(
      page(
        { title: 'Acknowledged' },
        html`<h1 data-result="acknowledged">${first ? 'Acknowledged: thank you' : 'Already acknowledged'}</h1>
          <p>The alert will not repeat. <a href="/requests/${request.id}">Open the request</a>.</p>`,
      ),
    );
  });

  // From the page only the counselor who won the request can open (their link).
  router.post('/o/:token/escalate', link, async (req, res) => {
    await refuseExpiredLink(stores, 'offer', req.params.token);
    const offer = await stores.offers.getByToken(req.params.token);
    if (!offer) throw new NotFound('This link is not valid. It may have been mistyped.');
    if (offer.status !== 'won') throw new Conflict('Only the counselor who has this request can raise it.');
    await dispatch.escalateByCounselor(offer.requestId, offer.counselorId);
    res.type('html').send(
      page(
        { title: 'The on-call lead has been alerted' },
        html`<h1 data-result="escalated">The on-call lead has been alerted</h1>
          <p>
            They have your phone number and will call you. If someone is in immediate danger, call the emergency number
            now.
          </p>`,
      ),
    );
  });

  return router;
}
