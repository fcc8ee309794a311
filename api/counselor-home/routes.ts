// The counselor's home (GET / for a signed-in counselor) and its one-tap answers to an offer. The answers
// are the same dispatch calls as the SMS link's; here the session (and its CSRF token) says who is tapping.
import { counselorAftercareNotice } from './aftercare-view';
import { counselorSupervisionNotice } from '../care/view';
import { html } from '../ui/html';
import { isUuid } from '../../domain/ids';
import { contactIfWon } from '../audit/contact-audit';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { hasRole, isStaff } from '../../domain/roles';
import { requirePageRole } from '../auth/page-guard';
import type { Stores, User } from '../../db';
import { sessionCsrfToken } from '../auth/csrf';
import { requireRole } from '../auth/sign-in-session';
import { AcceptPending, type DispatchService } from '../dispatch/service';
import { NotFound } from '../errors';
import { counselorHomePage } from './view';
import { acceptResultPage, declinedPage } from '../offers/view';

const NOTICES: Record<string, string> = {
  pending: 'We got your tap and are still confirming it: your offer shows here until it is settled.',
  'supervision-asked': 'Asked: your supervisor has been told and will be in touch.',
  'supervision-already': 'You have already asked for a check-in: your supervisor knows.',
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

  async function home(user: User, req: Request, res: Response) {
    const csrfToken = sessionCsrfToken(sessionSecret, req);
    const [offers, taken, aftercare, supervision] = await Promise.all([
      stores.counselorHome.openOffers(user.id),
      stores.counselorHome.taken(user.id),
      counselorAftercareNotice(stores, user),
      counselorSupervisionNotice(stores, user, csrfToken),
    ]);
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.type('html').send(
      counselorHomePage({
        user,
        offers,
        taken,
        notice,
        aftercare: html`${aftercare}${supervision}`,
        csrfToken,
      }),
    );
  }

  // A counselor and nothing else: their home is `/`. Staff who also counsel keep the staff home there.
  router.get('/', async (req, res, next) => {
    if (!req.user || isStaff(req.user) || !hasRole(req.user, 'counselor')) return next();
    await home(req.user, req, res);
  });

  // The same page for everyone who counsels (the nav's "My offers" for staff who also counsel).
  router.get('/me/offers', requirePageRole('counselor'), async (req, res) => {
    await home(req.user!, req, res);
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
      const contact = await contactIfWon(stores, result, offer, 'offer-accept', req);
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
