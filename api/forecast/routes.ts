// The coverage forecast page for coordinators (the forecast itself: domain/coverage-forecast.ts).
import { Router } from 'express';
import type { Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { forecastPage } from './view';

export function forecastRoutes(deps: { stores: Stores; now?: () => Date }): Router {
  const { stores, now = () => new Date() } = deps;
  const router = Router();
  router.get('/forecast', requirePageRole('coordinator'), async (req, res) => {
    const forecast = await stores.forecast.forecast(req.user!.workspaceId, now());
    res.type('html').send(forecastPage({ user: req.user!, forecast }));
  });
  return router;
}
