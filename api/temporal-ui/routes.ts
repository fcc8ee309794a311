// The sign-in in front of the Temporal Web UI: Caddy's forward_auth (deploy/caddy/Caddyfile) asks this route
// about every request to /temporal/* with the visitor's cookies and lets it through only on a 2xx. Signed-in
// coordinators pass; a signed-out browser is sent to the sign-in form (Caddy hands the redirect back), anyone
// else is refused. The UI itself runs with write actions disabled, so what passes can only read.
import { Router } from 'express';
import { allow, RULES } from '../auth/access-policy';

export function temporalUiRoutes(): Router {
  const router = Router();
  router.get('/auth/temporal-ui', allow(RULES.coordinator, { page: true }), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
  return router;
}
