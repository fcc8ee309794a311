// The requester's private status page, reached by the random token from the confirmation. The requester
// can cancel from it (a POST: link scanners only GET).
import { Router } from 'express';
import type { HelpRequest, Phase, Stores } from '../../db';
import type { DispatchService } from '../dispatch-service';
import { NotFound } from '../errors';
import { html, page, type SafeHtml } from '../views/html';
import { requesterAftercareCard } from '../views/requester-aftercare';

const PHASE_TEXT: Record<Phase, string> = {
  matching: 'We are finding the counselors who fit your request.',
  offering: 'Your request has been sent to counselors who fit it. We are waiting for one to accept.',
  assigned: 'A counselor has accepted your request and will contact you soon.',
  unmatched: 'We could not find a counselor for this request in time. We are sorry.',
  cancelled: 'This request was cancelled.',
};

const isOpen = (r: HelpRequest) => r.phase === 'matching' || r.phase === 'offering';

function statusPage(token: string, request: HelpRequest, note?: string, aftercare?: SafeHtml): string {
  return page(
    { title: 'Your request' },
    html`<h1>Your request</h1>
      ${note ? html`<p class="card ok" role="status">${note}</p>` : ''}
      <div class="card">
        <p data-phase="${request.phase}">${PHASE_TEXT[request.phase]}</p>
        <p class="muted">Sent ${request.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
      </div>
      ${aftercare ?? ''}
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

  async function byToken(token: string): Promise<HelpRequest> {
    const request = await stores.requests.getByStatusToken(token);
    if (!request) throw new NotFound('This status link is not valid.');
    return request;
  }

  router.get('/r/:token', async (req, res) => {
    const request = await byToken(req.params.token);
    res
      .type('html')
      .send(statusPage(req.params.token, request, undefined, await requesterAftercareCard(stores, request)));
  });

  router.post('/r/:token/cancel', async (req, res) => {
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
