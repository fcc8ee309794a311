// Accepting an offer: the link from the SMS (token) and the signed-in JSON route. GET never accepts.
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { contactIfWon } from '../audit/contact-audit';
import { requireRole, sameWorkspace } from '../auth/sign-in-session';
import { AcceptPending, type DispatchService } from '../dispatch/service';
import { Conflict, Forbidden, NotFound, Unavailable } from '../errors';
import { acceptPendingPage, acceptResultPage, declinedPage, offerPage, refusedPage } from './view';
import { allow, RULES } from '../auth/access-policy';
import { refuseExpiredLink } from '../auth/link-expiry';
import { isContactDevice, rememberContactDevice } from '../auth/contact-device';

export function offerRoutes(deps: {
  stores: Stores;
  dispatch: DispatchService;
  csrf: RequestHandler;
  sessionSecret: string;
  secureCookies: boolean;
}): Router {
  const { stores, dispatch } = deps;
  const router = Router();
  const link = allow(RULES.linkToken);

  async function offerByToken(token: string) {
    await refuseExpiredLink(stores, 'offer', token);
    const offer = await stores.offers.getByToken(token);
    const request = offer && (await stores.requests.getById(offer.requestId));
    // Unknown, mistyped and tampered tokens look the same: no hint about what exists.
    if (!offer || !request) throw new NotFound('This link is not valid. It may have been mistyped.');
    return { offer, request };
  }

  // Link scanners prefetch: the GET only shows the request and a button.
  router.get('/o/:token', link, async (req, res) => {
    const { offer, request } = await offerByToken(req.params.token);
    if (offer.status === 'open') {
      res.type('html').send(offerPage(req.params.token, request));
      return;
    }
    const result = offer.status === 'won' ? 'won' : offer.status === 'taken' ? 'taken' : 'expired';
    // The contact only to the winner: signed in, or on the device that tapped Accept. A HEAD (or a scanner's GET,
    // which has neither) neither sees it nor counts as a view.
    const entitled =
      req.method === 'GET' &&
      (req.user?.id === offer.counselorId || isContactDevice(req, deps.sessionSecret, offer.id, deps.secureCookies));
    const contact = entitled ? await contactIfWon(stores, result, offer, 'offer-page', req) : undefined;
    const canRefuse = result === 'won' && offer.assignedBy !== null && request.phase === 'assigned';
    res
      .type('html')
      .send(
        acceptResultPage(result, request, contact, { token: req.params.token, canRefuse, contactHidden: !entitled }),
      );
  });

  router.post('/o/:token/decline', link, async (req, res) => {
    const { offer, request } = await offerByToken(req.params.token);
    const result = await dispatch.decline(offer);
    if (result === 'declined') res.type('html').send(declinedPage());
    else res.type('html').send(acceptResultPage(result, request));
  });

  router.post('/o/:token/refuse', link, async (req, res) => {
    const { offer } = await offerByToken(req.params.token);
    if (offer.assignedBy === null || !(await dispatch.refuseAssignment(offer))) {
      throw new Conflict('This assignment can no longer be handed back here. Please contact your coordinator.');
    }
    res.type('html').send(refusedPage());
  });

  router.post('/o/:token/accept', link, async (req, res) => {
    const { offer, request } = await offerByToken(req.params.token);
    try {
      const result = await dispatch.accept(offer);
      const contact = await contactIfWon(stores, result, offer, 'offer-accept', req);
      if (result === 'won') rememberContactDevice(res, deps.sessionSecret, offer.id, deps.secureCookies);
      res.type('html').send(acceptResultPage(result, request, contact, { token: req.params.token, canRefuse: false }));
    } catch (err) {
      if (!(err instanceof AcceptPending)) throw err;
      res.status(202).type('html').send(acceptPendingPage(req.params.token));
    }
  });

  router.post('/api/requests/:id/accept', requireRole('counselor'), deps.csrf, async (req, res) => {
    const request = await stores.requests.getById(String(req.params.id));
    if (!request || !sameWorkspace(req.user, request.workspaceId)) throw new NotFound('Request not found');
    const offer = (await stores.offers.listForRequest(request.id)).find((o) => o.counselorId === req.user?.id);
    if (!offer) throw new Forbidden('This request was not offered to you');
    try {
      const result = await dispatch.accept(offer);
      const contact = await contactIfWon(stores, result, offer, 'accept-api', req);
      res.json({ result, ...(contact ? { contact } : {}) });
    } catch (err) {
      if (err instanceof AcceptPending) throw new Unavailable('Still confirming: try again in a moment');
      throw err;
    }
  });

  return router;
}
