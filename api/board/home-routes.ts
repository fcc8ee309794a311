// The signed-in home of coordinators and leads: the recent requests. No public directory.
import { Router } from 'express';
import type { Stores } from '../../db';
import { requestsHomePage } from './home-view';
import { html } from '../ui/html';
import { rotaHomeNotice } from '../rota/routes';
import { swapHomeNotice } from '../rota/swap-routes';
import { allow, RULES } from '../auth/access-policy';

export function homeRoutes(deps: { stores: Stores; publicBaseUrl: string }): Router {
  const { stores, publicBaseUrl } = deps;
  const router = Router();

  router.get('/', allow(RULES.signedIn, { page: true }), async (req, res) => {
    const user = req.user!;
    // A counselor's home is api/counselor-home/routes.ts (mounted before this router).
    const workspace = await stores.workspaces.getById(user.workspaceId);
    const requests = await stores.requests.listRecent(user.workspaceId);
    const onCall = html`${await rotaHomeNotice(stores, user)} ${await swapHomeNotice(stores, user)}`;
    res
      .type('html')
      .send(requestsHomePage({ user, workspaceSlug: workspace?.slug ?? '', publicBaseUrl, onCall, requests }));
  });

  return router;
}
