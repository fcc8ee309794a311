// The metrics page for coordinators (charts with their tables) and each chart's numbers as CSV.
import { Router, type Request } from 'express';
import type { Stores } from '../../db';
import { requirePageRole } from '../auth/page-guard';
import { BadRequest } from '../errors';
import { toCsv } from '../metrics/metric-functions';
import { buildMetricsReport, CHART_IDS, TABLE_IDS } from './report';
import { metricsPage } from './view';
import { withDefaults } from '../../domain/policy';
import { whatIf, whatIfPolicyOf } from '../../domain/what-if';
import { parseWhatIf, whatIfDefaults, whatIfValuesFromQuery } from './what-if-form';
import { whatIfPage } from './what-if-view';

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
    const workspace = await stores.workspaces.getById(workspaceId);
    return buildMetricsReport(stores, workspaceId, {
      weeks: weeksOf(req),
      now: new Date(),
      targetMinutes: timeToHelpTargetMinutes,
      timeZone: workspace?.timeZone ?? 'UTC',
    });
  }

  router.get('/metrics', coordinator, async (req, res) => {
    res.type('html').send(metricsPage({ user: req.user!, report: await report(req) }));
  });

  router.get('/metrics.csv', coordinator, async (req, res) => {
    const chart = req.query.chart;
    const ids: readonly string[] = [...CHART_IDS, ...TABLE_IDS];
    if (typeof chart !== 'string' || !ids.includes(chart)) {
      throw new BadRequest(`chart must be one of: ${ids.join(', ')}`);
    }
    const r = await report(req);
    const tables = new Map<string, { header: string[]; rows: (string | number | null)[][] }>([
      ...[...r.charts, ...r.heatMaps, r.kinds].map((c) => [c.id, c.table] as const),
      ['spread-change', r.spreadChange.figures],
      ['spread-change-counselors', r.spreadChange.table],
    ]);
    const table = tables.get(chart)!;
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${chart}.csv"`)
      .set('Cache-Control', 'no-store')
      .send(toCsv(table.header, table.rows));
  });

  // The policy what-if: a GET form (it changes nothing); opened without a query it replays the last four weeks
  // under the team's policy as it is, so the first thing a coordinator sees is the model's own check.
  router.get('/metrics/what-if', coordinator, async (req, res) => {
    const workspaceId = req.user!.workspaceId;
    const workspace = await stores.workspaces.getById(workspaceId);
    const current = withDefaults(workspace?.dispatchPolicy);
    const timeZone = workspace?.timeZone ?? 'UTC';
    const { timeToHelpTargetMinutes } = await stores.board.settings(workspaceId);
    const values =
      req.query.from === undefined
        ? whatIfDefaults(current, new Date(), timeToHelpTargetMinutes, timeZone)
        : whatIfValuesFromQuery(req.query);
    const parsed = parseWhatIf(values, current, timeZone);
    if (parsed.errors) {
      res
        .status(400)
        .type('html')
        .send(whatIfPage({ user: req.user!, values, errors: parsed.errors, timeZone }));
      return;
    }
    const { query } = parsed;
    const history = await stores.metrics.whatIfHistory(workspaceId, query.from, query.to);
    const result = whatIf(
      history,
      { normal: whatIfPolicyOf(query.policy, false), urgent: whatIfPolicyOf(query.policy, true) },
      { withinMs: query.withinMs },
    );
    res.type('html').send(whatIfPage({ user: req.user!, values, result, timeZone }));
  });

  return router;
}
