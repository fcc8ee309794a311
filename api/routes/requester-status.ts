// The requester's private status page, reached by the random token from the confirmation.
import { Router } from 'express';
import type { Phase, Stores } from '../../db';
import { NotFound } from '../errors';
import { html, page } from '../views/html';

const PHASE_TEXT: Record<Phase, string> = {
  matching: 'We are finding the counselors who fit your request.',
  offering: 'Your request has been sent to counselors who fit it. We are waiting for one to accept.',
  assigned: 'A counselor has accepted your request and will contact you soon.',
  unmatched: 'We could not find a counselor for this request in time. We are sorry.',
  cancelled: 'This request was cancelled.',
};

export function requesterStatusRoutes(deps: { stores: Stores }): Router {
  const router = Router();
  router.get('/r/:token', async (req, res) => {
    const request = await deps.stores.requests.getByStatusToken(req.params.token);
    if (!request) throw new NotFound('This status link is not valid.');
    res.type('html').send(
      page(
        { title: 'Your request' },
        html`<h1>Your request</h1>
          <div class="card">
            <p data-phase="${request.phase}">${PHASE_TEXT[request.phase]}</p>
            <p class="muted">Sent ${request.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
          </div>
          <p class="hint">If you are in danger right now, please call your local emergency number.</p>`,
      ),
    );
  });
  return router;
}
