// The requester's private status page, reached by the random token from the confirmation. The requester
// can cancel from it (a POST: link scanners only GET).
import { Router } from 'express';
import type { HelpRequest, Phase, Stores } from '../../db';
import type { DispatchService } from '../dispatch-service';
import { NotFound } from '../errors';
import { html, page } from '../views/html';
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';

const PHASE_TEXT: Record<Phase, string> = {
  matching: 'We are finding the counselors who fit your request.',
  offering: 'Your request has been sent to counselors who fit it. We are waiting for one to accept.',
  assigned: 'A counselor has accepted your request and will contact you soon.',
  unmatched: 'We could not find a counselor for this request in time. We are sorry.',
  cancelled: 'This request was cancelled.',
};

const isOpen = (r: HelpRequest) => r.phase === 'matching' || r.phase === 'offering';

function statusPage(token: string, request: HelpRequest, note?: string): string {
  return page(
    { title: 'Your request' },
    html`<h1>Your request</h1>
      ${note ? html`<p class="card ok" role="status">${note}</p>` : ''}
      <div class="card">
        <p data-phase="${request.phase}">${PHASE_TEXT[request.phase]}</p>
        <p class="muted">Sent ${request.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
      </div>
      ${
        isOpen(request)
          ? html`<form method="post" action="/r/${token}/cancel">
              <p>No longer need it? You can withdraw your request; nobody will contact you.</p>
              <button type="submit" class="link">Withdraw my request</button>
            </form>`
          : ''
      }
      <p class="hint">If you are in danger right now, please call your local emergency number.</p>`,
  );
}

export function requesterStatusRoutes(deps: { stores: Stores; dispatch: DispatchService }): Router {
  const { stores, dispatch } = deps;
  const router = Router();
  const link = allow(RULES.linkToken);

  async function byToken(token: string): Promise<HelpRequest> {
    await refuseExpiredLink(stores, 'status', token);
    const request = await stores.requests.getByStatusToken(token);
    if (!request) throw new NotFound('This status link is not valid.');
    return request;
  }

  router.get('/r/:token', link, async (req, res) => {
    res.type('html').send(statusPage(req.params.token, await byToken(req.params.token)));
  });

  router.post('/r/:token/cancel', link, async (req, res) => {
    const request = await byToken(req.params.token);
    if (!isOpen(request)) {
      res
        .status(409)
        .type('html')
        .send(statusPage(req.params.token, request, 'This request can no longer be withdrawn.'));
      return;
    }
    const result = await dispatch.cancel(request, 'requester', null, 'withdrawn by the requester');
    if (result !== 'cancelled') {
      const fresh = (await stores.requests.getById(request.id)) ?? request;
      res
        .status(409)
        .type('html')
        .send(statusPage(req.params.token, fresh, 'This request can no longer be withdrawn.'));
      return;
    }
    res
      .type('html')
      .send(statusPage(req.params.token, { ...request, phase: 'cancelled' }, 'Your request has been withdrawn.'));
  });

  return router;
}
