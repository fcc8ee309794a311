// The metrics page for coordinators (charts with their tables) and each chart's numbers as CSV.
import { Router, type Request } from 'express';
import type { Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest } from '../errors';
import { toCsv } from '../metrics/metric-functions';
import { buildMetricsReport, CHART_IDS, type ChartId } from './report';
import { metricsPage } from './view';

const DEFAULT_WEEKS = 12;

function weeksOf(req: Request): number {
  const raw = req.query.weeks;
  if (raw === undefined) return DEFAULT_WEEKS;
  const n = typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 52)) throw new BadRequest('weeks must be a whole number from 1 to 52');
  return n;
}

export function metricsRoutes(deps: { stores: Stores }): Router {
  const { stores } = deps;
  const router = Router();
  const coordinator = requirePageRole('coordinator');

  async function report(req: Request) {
    const workspaceId = req.user!.workspaceId;
    const { timeToHelpTargetMinutes } = await stores.board.settings(workspaceId);
    return buildMetricsReport(stores, workspaceId, {
      weeks: weeksOf(req),
      now: new Date(),
      targetMinutes: timeToHelpTargetMinutes,
    });
  }

  router.get('/metrics', coordinator, async (req, res) => {
    res.type('html').send(metricsPage({ user: req.user!, report: await report(req) }));
  });

  router.get('/metrics.csv', coordinator, async (req, res) => {
    const chart = req.query.chart;
    if (typeof chart !== 'string' || !(CHART_IDS as readonly string[]).includes(chart)) {
      throw new BadRequest(`chart must be one of: ${CHART_IDS.join(', ')}`);
    }
    const found = (await report(req)).charts.find((c) => c.id === (chart as ChartId))!;
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${chart}.csv"`)
      .set('Cache-Control', 'no-store')
      .send(toCsv(found.table.header, found.table.rows));
  });

  return router;
}
