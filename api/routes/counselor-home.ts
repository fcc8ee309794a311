// The counselor's home (GET / for a signed-in counselor) and its one-tap answers to an offer. The answers
// are the same dispatch calls as the SMS link's; here the session (and its CSRF token) says who is tapping.
import { counselorAftercareNotice } from '../views/aftercare-home';
import { isUuid } from '../../db/ids';
import { recordContactViewed } from '../contact-audit';
import { Router, type RequestHandler } from 'express';
import type { Stores } from '../../db';
import { csrfTokenFor } from '../auth/csrf';
import { requireRole, SESSION_COOKIE } from '../auth/session';
import { AcceptPending, type DispatchService } from '../dispatch-service';
import { NotFound } from '../errors';
import { counselorHomePage } from '../views/counselor-home-view';
import { acceptResultPage, declinedPage } from '../views/offer-view';

const NOTICES: Record<string, string> = {
  pending: 'We got your tap and are still confirming it: your offer shows here until it is settled.',
};

export function counselorHomeRoutes(deps: {
  stores: Stores;
  dispatch: DispatchService;
  csrf: RequestHandler;
  sessionSecret: string;
}): Router {
  const { stores, dispatch, csrf, sessionSecret } = deps;
  const router = Router();
  const counselor = requireRole('counselor');

  router.get('/', async (req, res, next) => {
    const user = req.user;
    if (user?.role !== 'counselor') return next();
    const [offers, taken, aftercare] = await Promise.all([
      stores.counselorHome.openOffers(user.id),
      stores.counselorHome.taken(user.id),
      counselorAftercareNotice(stores, user),
    ]);
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.type('html').send(
      counselorHomePage({
        user,
        offers,
        taken,
        notice,
        aftercare,
        csrfToken: csrfTokenFor(sessionSecret, req.cookies[SESSION_COOKIE]),
      }),
    );
  });

  /** The offer, only when it is this counselor's: anyone else's (or none) answers the same 404. */
  async function ownOffer(offerId: string, userId: string) {
    const offer = isUuid(offerId) ? await stores.offers.getById(offerId) : undefined;
    const request = offer && offer.counselorId === userId ? await stores.requests.getById(offer.requestId) : undefined;
    if (!offer || !request) throw new NotFound('This offer is not yours or no longer exists.');
    return { offer, request };
  }

  router.post('/me/offers/:id/accept', counselor, csrf, async (req, res) => {
    const { offer, request } = await ownOffer(String(req.params.id), req.user!.id);
    try {
      const result = await dispatch.accept(offer);
      const fresh = result === 'won' ? await stores.requests.getById(request.id) : undefined;
      const contact =
        fresh?.phase === 'assigned'
          ? await recordContactViewed(
              stores,
              {
                workspaceId: request.workspaceId,
                actorId: offer.counselorId,
                requestId: request.id,
                via: 'offer-accept',
                req,
              },
              await stores.requests.getContact(request.id),
            )
          : undefined;
      res.type('html').send(acceptResultPage(result, request, contact));
    } catch (err) {
      if (!(err instanceof AcceptPending)) throw err;
      res.redirect(303, '/?notice=pending');
    }
  });

  router.post('/me/offers/:id/decline', counselor, csrf, async (req, res) => {
    const { offer, request } = await ownOffer(String(req.params.id), req.user!.id);
    const result = await dispatch.decline(offer);
    if (result === 'declined') res.type('html').send(declinedPage());
    else res.type('html').send(acceptResultPage(result, request));
  });

  return router;
}
