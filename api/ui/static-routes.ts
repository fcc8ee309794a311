// Static files: the pages' small enhancement scripts (api/static/), served as they are (no build step), and the
// browser half of the passkey library from node_modules (no CDN: the product is private and may have no internet).
import path from 'node:path';
import express, { Router } from 'express';
import { allow, RULES } from '../auth/access-policy';

const ONE_HOUR = 3600_000;

export function staticFileRoutes(): Router {
  const router = Router();
  router.use(
    '/static',
    express.static(path.join(__dirname, '..', 'static'), { index: false, maxAge: ONE_HOUR, fallthrough: true }),
  );
  const webauthnBrowser = path.join(
    path.dirname(require.resolve('@simplewebauthn/browser')),
    '..',
    'dist',
    'bundle',
    'index.umd.min.js',
  );
  router.get('/static/vendor/simplewebauthn-browser.js', allow(RULES.public), (_req, res) => {
    res.sendFile(webauthnBrowser, { maxAge: ONE_HOUR });
  });
  return router;
}
