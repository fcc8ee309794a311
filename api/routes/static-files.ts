// Static files: the pages' small enhancement scripts (api/static/) and the charting library's build from
// node_modules (no bundling step: the files are served as they are).
import path from 'node:path';
import express, { Router } from 'express';

const ONE_HOUR = 3600_000;

export function staticFileRoutes(): Router {
  const router = Router();
  router.use(
    '/static',
    express.static(path.join(__dirname, '..', 'static'), { index: false, maxAge: ONE_HOUR, fallthrough: true }),
  );
  const vendor: Record<string, string> = {
    '/static/uplot.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
    '/static/uplot.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
  for (const [route, file] of Object.entries(vendor)) {
    router.get(route, (_req, res) => res.sendFile(file, { maxAge: ONE_HOUR }));
  }
  return router;
}
