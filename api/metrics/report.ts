// The metrics page's content: the numbers (metric-functions.ts over the metrics store's records), and for
// each chart one table definition that the page's table fallback and the CSV export both print.
import type { Stores } from '../../db';
import type { ChartInput } from './charts';
import {
  activeBreadthByWeek,
  durationByWeek,
  lastWeeks,
  offersByWaveAndChannel,
  spreadAcrossCounselors,
  type Spread,
} from './metric-functions';
import {
  byHourAndWeekday,
  byKind,
  heatLevel,
  MIN_REQUESTS_FOR_TREND,
  slowestKinds,
  type Cell,
  type KindRow,
  type TimedRequest,
} from '../../domain/time-to-help';
import { compareSpread, headStartPeriod, type SpreadComparison } from '../../domain/spread-comparison';
import { localDateTime } from '../../domain/rota';

export const CHART_IDS = ['time-to-accept', 'time-to-session', 'offers', 'breadth', 'spread'] as const;
export type ChartId = (typeof CHART_IDS)[number];
/** The tables without a chart: heat maps by hour and weekday, and time to help by kind of request. */
export const TABLE_IDS = [
  'hours-accept',
  'hours-session',
  'kinds',
  'spread-change',
  'spread-change-counselors',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface HeatMapReport {
  id: TableId;
  title: string;
  note: string;
  /** Monday first; each of the 24 hours (team time): requests, reached, median ms, colour level. */
  rows: { weekday: string; cells: (Cell & { level: 0 | 1 | 2 | 3 | null })[] }[];
  table: { header: string[]; rows: (string | number | null)[][] };
}

export interface KindsReport {
  id: 'kinds';
  title: string;
  note: string;
  /** The slowest combinations with enough requests to be a trend, in words. */
  slowest: string[];
  table: { header: string[]; rows: (string | number | null)[][] };
}

/** The spread before and after the head start was switched on: the figures, and each counselor's accepts. */
export interface SpreadChangeReport {
  id: 'spread-change';
  title: string;
  note: string;
  comparison: SpreadComparison | null;
  /** Figure, before, after: accepts, counselors, took none, the busiest fifth's share, Gini. */
  figures: { header: string[]; rows: (string | number | null)[][] };
  /** One line per counselor: accepts and share before and after. */
  table: { header: string[]; rows: (string | number | null)[][] };
}

export interface ChartReport {
  id: ChartId;
  title: string;
  /** A sentence under the title: what the chart answers. */
  note: string;
  kind: 'line' | 'bar';
  chart: ChartInput;
  table: { header: string[]; rows: (string | number | null)[][] };
}

export interface MetricsReport {
  weeks: number;
  timeZone: string;
  charts: ChartReport[];
  heatMaps: HeatMapReport[];
  kinds: KindsReport;
  spread: Spread;
  spreadChange: SpreadChangeReport;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

function heatMap(
  id: TableId,
  title: string,
  note: string,
  records: TimedRequest[],
  timeZone: string,
  targetMs: number,
): HeatMapReport {
  const grid = byHourAndWeekday(records, timeZone);
  return {
    id,
    title,
    note,
    rows: grid.map((row, d) => ({
      weekday: WEEKDAYS[d],
      cells: row.map((c) => ({ ...c, level: heatLevel(c.medianMs, targetMs) })),
    })),
    // The CSV: one line per weekday and hour with requests (a grid of zeros says nothing).
    table: {
      header: ['Weekday', 'Hour', 'Requests', 'Reached', 'Median (hours)'],
      rows: grid.flatMap((row, d) =>
        row.flatMap((c, h) =>
          c.requests ? [[WEEKDAYS[d], hourLabel(h), c.requests, c.reached, hours(c.medianMs)]] : [],
        ),
      ),
    },
  };
}

function kindsReport(records: TimedRequest[]): KindsReport {
  const rows = byKind(records);
  const words = (r: KindRow) =>
    `${r.language} · ${r.topic}${r.livedExperience ? ` · lived experience: ${r.livedExperience}` : ''}`;
  const slowest = slowestKinds(rows).map(
    (r) =>
      `${words(r)}: ${r.reached} of ${r.requests} taken${r.medianMs === null ? '' : `, median ${formatHours(hours(r.medianMs) as number)}`}`,
  );
  return {
    id: 'kinds',
    title: 'Time to first accept by kind of request',
    note: `Language × topic × lived experience asked for, slowest first. Only combinations with at least ${MIN_REQUESTS_FOR_TREND} requests are named as the slowest: one request is not a trend.`,
    slowest,
    table: {
      header: [
        'Language',
        'Topic',
        'Lived experience',
        'Requests',
        'Taken',
        'Median (hours)',
        '90th percentile (hours)',
      ],
      rows: rows.map((r) => [
        r.language,
        r.topic,
        r.livedExperience || 'none',
        r.requests,
        r.reached,
        hours(r.medianMs),
        hours(r.p90Ms),
      ]),
    },
  };
}

const HOUR = 3_600_000;
const percent = (share: number) => Math.round(share * 1000) / 10;
const DAY_MS = 86_400_000;
const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
const lengthWords = (ms: number) =>
  ms >= 14 * DAY_MS
    ? count(Math.round(ms / (7 * DAY_MS)), 'week')
    : ms >= 2 * DAY_MS
      ? count(Math.round(ms / DAY_MS), 'day')
      : ms >= 2 * HOUR
        ? count(Math.round(ms / HOUR), 'hour')
        : count(Math.max(1, Math.round(ms / 60_000)), 'minute');

async function spreadChangeReport(
  stores: Stores,
  workspaceId: string,
  opts: { weeks: number; now: Date; timeZone: string },
): Promise<SpreadChangeReport> {
  const title = 'Spread of accepts before and after the head start';
  const figuresHeader = ['Figure', 'Before', 'After'];
  const header = ['Counselor', 'Accepts before', 'Share before (%)', 'Accepts after', 'Share after (%)'];
  const history = await stores.metrics.headStartHistory(workspaceId);
  const period = headStartPeriod(history.changes, history.snapshots);
  if (!period) {
    return {
      id: 'spread-change',
      title,
      note: 'The head start (Settings, dispatch policy) has not been switched on, so there is no before and after to compare yet.',
      comparison: null,
      figures: { header: figuresHeader, rows: [] },
      table: { header, rows: [] },
    };
  }
  const periodMs = opts.weeks * 7 * DAY_MS;
  const [accepts, pool] = await Promise.all([
    stores.metrics.acceptsOfRequestsBetween(
      workspaceId,
      new Date(period.on.getTime() - periodMs),
      new Date(period.on.getTime() + periodMs),
    ),
    stores.metrics.pool(workspaceId),
  ]);
  const c = compareSpread({ period, accepts, pool, now: opts.now, periodMs });
  const local = localDateTime(period.on, opts.timeZone);
  const when = `${local.date} ${local.time} (${opts.timeZone})`;
  const afterMs = c.after.to.getTime() - c.after.from.getTime();
  const note =
    `${period.source === 'policy-change' ? `The head start was switched on ${when}` : `The first request with a head start came ${when} (the policy change itself was not recorded then)`}` +
    `${period.off ? ', and switched off again later' : ''}. Before: the requests of the ${opts.weeks} weeks up to then; after: those of the ${lengthWords(afterMs)} since${period.off ? ' until it was switched off' : ''}${afterMs >= periodMs ? ` (at most ${opts.weeks} weeks)` : ''}. ` +
    'A request counts on the side it was sent on. Gini: 0 when everyone took the same, towards 1 when one person took everything.';
  return {
    id: 'spread-change',
    title,
    note,
    comparison: c,
    figures: {
      header: figuresHeader,
      rows: [
        ['Accepts', c.before.accepts, c.after.accepts],
        ['Counselors', c.before.counselors, c.after.counselors],
        ['Took none', c.before.idle, c.after.idle],
        ['Busiest fifth’s share (%)', percent(c.before.topFifthShare), percent(c.after.topFifthShare)],
        ['Gini', Math.round(c.before.gini * 100) / 100, Math.round(c.after.gini * 100) / 100],
      ],
    },
    table: {
      header,
      rows: c.rows.map((r) => [r.name, r.before, percent(r.beforeShare), r.after, percent(r.afterShare)]),
    },
  };
}

const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 1000) / 1000);
const formatHours = (h: number) =>
  h === 0 ? '0' : h < 1 ? `${Math.round(h * 60)} min` : h >= 10 ? `${Math.round(h)} h` : `${Number(h.toFixed(1))} h`;
const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', email: 'email', alert: 'alert' };

export async function buildMetricsReport(
  stores: Stores,
  workspaceId: string,
  opts: { weeks: number; now: Date; targetMinutes: number; timeZone: string },
): Promise<MetricsReport> {
  const weeks = lastWeeks(opts.now, opts.weeks, opts.timeZone);
  const since = weeks[0];
  // A week is named by its Monday in the team's zone (the instant may be Sunday in UTC, east of Greenwich).
  const day = (d: Date) => localDateTime(d, opts.timeZone).date;
  const shortDay = (d: Date) => day(d).slice(5);
  const [requests, sessions, sends, accepts, pool, kinds, spreadChange] = await Promise.all([
    stores.metrics.requestTimes(workspaceId, since),
    stores.metrics.sessionTimes(workspaceId, since),
    stores.metrics.waveSends(workspaceId, since),
    stores.metrics.accepts(workspaceId, since),
    stores.metrics.pool(workspaceId),
    stores.metrics.requestKinds(workspaceId, since),
    spreadChangeReport(stores, workspaceId, opts),
  ]);
  const sessionAt = new Map(sessions.map((s) => [s.requestId, s.sessionAt]));
  const toAccept = durationByWeek(
    requests.map((r) => ({ submittedAt: r.submittedAt, doneAt: r.takenAt })),
    weeks,
    opts.timeZone,
  );
  const toSession = durationByWeek(
    requests.map((r) => ({ submittedAt: r.submittedAt, doneAt: sessionAt.get(r.requestId) ?? null })),
    weeks,
    opts.timeZone,
  );
  const takes = requests
    .filter((r) => r.takenAt && r.counselorId)
    .map((r) => ({ counselorId: r.counselorId as string, at: r.takenAt as Date }));
  const byWave = offersByWaveAndChannel(sends, accepts);
  const breadth = activeBreadthByWeek(takes, weeks, opts.timeZone);
  const spread = spreadAcrossCounselors(takes, pool);
  const labels = weeks.map(shortDay);

  const durationChart = (
    id: ChartId,
    title: string,
    note: string,
    data: typeof toAccept,
    reference?: ChartInput['reference'],
  ): ChartReport => ({
    id,
    title,
    note,
    kind: 'line',
    chart: {
      id,
      summary: `${title}, hours, median and 90th percentile for each of the last ${opts.weeks} weeks`,
      labels,
      series: [
        { name: 'Median', values: data.map((w) => hours(w.medianMs)) },
        { name: '90th percentile', values: data.map((w) => hours(w.p90Ms)) },
      ],
      format: formatHours,
      reference,
    },
    table: {
      header: ['Week starting', 'Requests', 'Median (hours)', '90th percentile (hours)'],
      rows: data.map((w) => [day(w.week), w.count, hours(w.medianMs), hours(w.p90Ms)]),
    },
  });

  const charts: ChartReport[] = [
    durationChart(
      'time-to-accept',
      'Time to first accept',
      'From a request being sent to a counselor taking it (accepted, or assigned by a coordinator), by the week it was sent.',
      toAccept,
      { value: opts.targetMinutes / 60, label: 'target' },
    ),
    durationChart(
      'time-to-session',
      'Time to session',
      'From a request being sent to the session agreed with the requester, by the week it was sent.',
      toSession,
    ),
    {
      id: 'offers',
      title: 'Offers sent and accepted, by wave and channel',
      note: 'How many offers each wave sent on each channel, and how many requests were accepted while that wave was the latest.',
      kind: 'bar',
      chart: {
        id: 'offers',
        summary: `Offers sent and accepted for each wave and channel in the last ${opts.weeks} weeks`,
        labels: byWave.map((g) => `Wave ${g.wave} ${CHANNEL_NAMES[g.channel] ?? g.channel}`),
        series: [
          { name: 'Sent', values: byWave.map((g) => g.sent) },
          { name: 'Accepted', values: byWave.map((g) => g.accepted) },
        ],
        format: (v) => String(Math.round(v)),
        integer: true,
      },
      table: {
        header: ['Wave', 'Channel', 'Sent', 'Accepted', 'Accepted (%)'],
        rows: byWave.map((g) => [
          g.wave,
          CHANNEL_NAMES[g.channel] ?? g.channel,
          g.sent,
          g.accepted,
          Math.round(g.rate * 1000) / 10,
        ]),
      },
    },
    {
      id: 'breadth',
      title: 'Active breadth',
      note: `How many different counselors took requests each week, out of ${pool.length} in the pool.`,
      kind: 'bar',
      chart: {
        id: 'breadth',
        summary: `Counselors who took at least one request, and requests taken, for each of the last ${opts.weeks} weeks`,
        labels,
        series: [
          { name: 'Counselors active', values: breadth.map((w) => w.active) },
          { name: 'Requests taken', values: breadth.map((w) => w.taken) },
        ],
        format: (v) => String(Math.round(v)),
        integer: true,
      },
      table: {
        header: ['Week starting', 'Counselors active', 'Requests taken'],
        rows: breadth.map((w) => [day(w.week), w.active, w.taken]),
      },
    },
    {
      id: 'spread',
      title: 'Sessions across counselors',
      note: spread.total
        ? `The busiest fifth of the pool took ${Math.round(spread.topFifthShare * 100)}% of the ${spread.total} requests taken; ${spread.idle} of ${pool.length} counselors took none.`
        : 'No requests were taken in this period.',
      kind: 'bar',
      chart: {
        id: 'spread',
        summary: `Requests taken by each counselor in the last ${opts.weeks} weeks, most first`,
        labels: spread.perCounselor.map((c) => c.name),
        series: [{ name: 'Requests taken', values: spread.perCounselor.map((c) => c.taken) }],
        format: (v) => String(Math.round(v)),
        integer: true,
      },
      table: {
        header: ['Counselor', 'Requests taken'],
        rows: spread.perCounselor.map((c) => [c.name, c.taken]),
      },
    },
  ];
  const kindOf = new Map(kinds.map((k) => [k.requestId, k]));
  const timed = (doneAt: (r: (typeof requests)[number]) => Date | null): TimedRequest[] =>
    requests.map((r) => {
      const k = kindOf.get(r.requestId);
      return {
        submittedAt: r.submittedAt,
        doneAt: doneAt(r),
        language: k?.language ?? '',
        topic: k?.topic ?? '',
        livedExperience: k?.livedExperience ?? [],
      };
    });
  const targetMs = opts.targetMinutes * 60_000;
  const heatMaps = [
    heatMap(
      'hours-accept',
      'Time to first accept by hour and weekday',
      `The median time to first accept of the requests sent in each hour (your team's time, ${opts.timeZone}), with how many were sent. Colours compare it with the ${formatHours(opts.targetMinutes / 60)} target.`,
      timed((r) => r.takenAt),
      opts.timeZone,
      targetMs,
    ),
    heatMap(
      'hours-session',
      'Time to session by hour and weekday',
      `The median time from a request to its agreed session, by the hour it was sent (${opts.timeZone}).`,
      timed((r) => sessionAt.get(r.requestId) ?? null),
      opts.timeZone,
      // A session takes days, not hours: its colours step at a day.
      86_400_000,
    ),
  ];
  return {
    weeks: opts.weeks,
    timeZone: opts.timeZone,
    charts,
    heatMaps,
    kinds: kindsReport(timed((r) => r.takenAt)),
    spread,
    spreadChange,
  };
}
