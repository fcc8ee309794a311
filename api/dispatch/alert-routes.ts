// Staff acknowledge an urgent alert from the link in it (the GET shows, the POST acknowledges), and a
// counselor raises "this needs more than peer support" from their request page.
import { Router } from 'express';
import type { Stores } from '../../db';
import type { DispatchService } from './service';
import { Conflict, NotFound } from '../errors';
import { catalogueLanguage } from '../../notifications/catalogue';
import { translator } from '../i18n';
import { acknowledgedPage, alertPage, escalatedPage } from './alert-view';
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

  /** The pages speak the language of the person the link was sent to (their account's, as the alert itself). */
  async function readerOf(userId: string) {
    const [reader] = await stores.users.getReachability([userId]);
    const lang = catalogueLanguage(reader?.language);
    return { lang, t: translator(lang) };
  }

  router.get('/a/:token', link, async (req, res) => {
    const { link, request } = await byToken(req.params.token);
    const [reader, waiting] = await Promise.all([readerOf(link.userId), stores.heldAlerts.waitingFor(request.id)]);
    res.type('html').send(alertPage({ ...reader, token: req.params.token, request, waiting }));
  });

  router.post('/a/:token', link, async (req, res) => {
    const { link, request } = await byToken(req.params.token);
    const first = await dispatch.acknowledgeUrgent(request, link.userId);
    res.type('html').send(acknowledgedPage({ ...(await readerOf(link.userId)), requestId: request.id, first }));
  });

  // From the page only the counselor who won the request can open (their link).
  router.post('/o/:token/escalate', link, async (req, res) => {
    await refuseExpiredLink(stores, 'offer', req.params.token);
    const offer = await stores.offers.getByToken(req.params.token);
    if (!offer) throw new NotFound('This link is not valid. It may have been mistyped.');
    if (offer.status !== 'won') throw new Conflict('Only the counselor who has this request can raise it.');
    await dispatch.escalateByCounselor(offer.requestId, offer.counselorId);
    res.type('html').send(escalatedPage(await readerOf(offer.counselorId)));
  });

  return router;
}
