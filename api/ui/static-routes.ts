// Static files: the pages' small enhancement scripts (api/static/), served as they are (no build step).
import path from 'node:path';
import express, { Router } from 'express';

const ONE_HOUR = 3600_000;

export function staticFileRoutes(): Router {
  const router = Router();
  router.use(
    '/static',
    express.static(path.join(__dirname, '..', 'static'), { index: false, maxAge: ONE_HOUR, fallthrough: true }),
  );
  return router;
}
