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

export const CHART_IDS = ['time-to-accept', 'time-to-session', 'offers', 'breadth', 'spread'] as const;
export type ChartId = (typeof CHART_IDS)[number];

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
  charts: ChartReport[];
  spread: Spread;
}

const HOUR = 3_600_000;
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 1000) / 1000);
const day = (d: Date) => d.toISOString().slice(0, 10);
const shortDay = (d: Date) => d.toISOString().slice(5, 10);
const formatHours = (h: number) =>
  h === 0 ? '0' : h < 1 ? `${Math.round(h * 60)} min` : h >= 10 ? `${Math.round(h)} h` : `${Number(h.toFixed(1))} h`;
const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', email: 'email', alert: 'alert' };

export async function buildMetricsReport(
  stores: Stores,
  workspaceId: string,
  opts: { weeks: number; now: Date; targetMinutes: number },
): Promise<MetricsReport> {
  const weeks = lastWeeks(opts.now, opts.weeks);
  const since = weeks[0];
  const [requests, sessions, sends, accepts, pool] = await Promise.all([
    stores.metrics.requestTimes(workspaceId, since),
    stores.metrics.sessionTimes(workspaceId, since),
    stores.metrics.waveSends(workspaceId, since),
    stores.metrics.accepts(workspaceId, since),
    stores.metrics.pool(workspaceId),
  ]);
  const sessionAt = new Map(sessions.map((s) => [s.requestId, s.sessionAt]));
  const toAccept = durationByWeek(
    requests.map((r) => ({ submittedAt: r.submittedAt, doneAt: r.takenAt })),
    weeks,
  );
  const toSession = durationByWeek(
    requests.map((r) => ({ submittedAt: r.submittedAt, doneAt: sessionAt.get(r.requestId) ?? null })),
    weeks,
  );
  const takes = requests
    .filter((r) => r.takenAt && r.counselorId)
    .map((r) => ({ counselorId: r.counselorId as string, at: r.takenAt as Date }));
  const byWave = offersByWaveAndChannel(sends, accepts);
  const breadth = activeBreadthByWeek(takes, weeks);
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
  return { weeks: opts.weeks, charts, spread };
}
