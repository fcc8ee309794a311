// The printed table and the per-process CPU of each phase.
import { fmt } from './common';
import type { Options } from './options';
import type { AcceptReport } from './phases/accept';
import type { LatencyReport } from './phases/latency';
import type { MatchingReport } from './phases/matching';
import type { MixedReport } from './phases/mixed';
import type { ThroughputReport } from './phases/throughput';
import { ratio, type Summary } from './stats';

export interface PathResults {
  steady?: LatencyReport;
  burst?: LatencyReport;
  accept?: AcceptReport;
  throughput?: ThroughputReport;
  warmup?: LatencyReport;
  mixed?: MixedReport;
  /** Workflow path only: the history of sampled dispatches, segment by segment, and its counts. */
  breakdown?: Record<string, { sampled: number; segments: Record<string, Summary>; counts?: Record<string, Summary> }>;
}

export interface Row {
  figure: string;
  /** The direct path passed every throughput step: its figure is a lower bound. */
  directCapped?: boolean;
  workflow: number | null;
  direct: number | null;
  ratio: number | null;
  target?: string;
  met?: boolean;
}

export function buildRows(w: PathResults, d: PathResults, o: Options): Row[] {
  const rows: Row[] = [];
  const add = (
    figure: string,
    pick: (p: PathResults) => number | null | undefined,
    target?: { text: string; ok: (wv: number, rv: number | null) => boolean },
  ) => {
    const wv = pick(w) ?? null;
    const dv = pick(d) ?? null;
    const rv = ratio(wv, dv);
    rows.push({
      figure,
      workflow: wv,
      direct: dv,
      ratio: rv,
      ...(target ? { target: target.text, met: wv !== null ? target.ok(wv, rv) : false } : {}),
    });
  };
  const steady = `${o.steadyRate}/s`;
  const burst = `burst ${o.burst}`;
  for (const [label, key] of [
    [steady, 'steady'],
    [burst, 'burst'],
  ] as const) {
    add(`${label}: submit → first SMS p50 (ms)`, (p) => p[key]?.firstSmsMs.p50);
    add(`${label}: submit → first SMS p95 (ms)`, (p) => p[key]?.firstSmsMs.p95);
    add(`${label}: submit → first SMS p99 (ms)`, (p) => p[key]?.firstSmsMs.p99);
    add(
      `${label}: submit → all wave-1 SMS p50 (ms)`,
      (p) => p[key]?.allSmsMs.p50,
      key === 'steady' ? { text: 'ratio ≤ 2.5', ok: (_wv, rv) => rv !== null && rv <= 2.5 } : undefined,
    );
    add(
      `${label}: submit → all wave-1 SMS p95 (ms)`,
      (p) => p[key]?.allSmsMs.p95,
      key === 'steady' ? { text: '≤ 150 ms', ok: (wv) => wv <= 150 } : { text: '≤ 1500 ms', ok: (wv) => wv <= 1500 },
    );
    add(`${label}: submit → all wave-1 SMS p99 (ms)`, (p) => p[key]?.allSmsMs.p99);
    add(`${label}: POST /api/requests answered p50 (ms)`, (p) => p[key]?.submitResponseMs.p50);
  }
  add(`accept round trip p50 (ms), ${o.accepters} at once`, (p) => p.accept?.allMs.p50);
  add(`accept round trip p99 (ms), ${o.accepters} at once`, (p) => p.accept?.allMs.p99, {
    text: '≤ 100 ms',
    ok: (wv) => wv <= 100,
  });
  add('accept round trip, winner p50 (ms)', (p) => p.accept?.wonMs.p50);
  add('sustained throughput (req/s, p95 all wave-1 < 1 s)', (p) => p.throughput?.sustainedRate, {
    text: '≥ 80 req/s',
    ok: (wv) => wv >= 80,
  });
  if (d.throughput?.capped) rows[rows.length - 1].directCapped = true;
  if (w.mixed) {
    add('with accepts flowing (mixed, req/s, p95 all wave-1 < 1 s)', (p) => p.mixed?.sustainedRate, {
      text: '≥ 30 req/s',
      ok: (wv) => wv >= 30,
    });
  }
  // CPU per dispatch at 5/s: every component of the path (API + worker + Temporal + Postgres; direct: its server + Postgres).
  add(`${steady}: CPU per dispatch, all components (ms)`, (p) =>
    cpuPerDispatch(p.steady, p === d ? DIRECT_ROLES : WORKFLOW_ROLES),
  );
  return rows;
}

export const WORKFLOW_ROLES = ['api', 'worker', 'worker2', 'worker3', 'temporal', 'postgres'];
export const DIRECT_ROLES = ['direct', 'postgres'];

/** CPU ms per accepted request over a phase, summed over the path's processes (the bench and others excluded). */
export function cpuPerDispatch(
  rep: { cpuSeconds?: Record<string, number>; accepted: number } | undefined,
  roles: string[],
): number | null {
  if (!rep?.cpuSeconds || rep.accepted === 0) return null;
  const total = roles.reduce((sum, r) => sum + (rep.cpuSeconds?.[r] ?? 0), 0);
  return Math.round((total * 1000 * 10) / rep.accepted) / 10;
}

export function cpuPerDispatchByRole(rep: { cpuSeconds?: Record<string, number>; accepted: number } | undefined) {
  if (!rep?.cpuSeconds || rep.accepted === 0) return undefined;
  const out: Record<string, number> = {};
  for (const r of [...WORKFLOW_ROLES, 'direct']) {
    const v = rep.cpuSeconds[r];
    if (v) out[r] = Math.round((v * 1000 * 10) / rep.accepted) / 10;
  }
  return out;
}

export function printTable(rows: Row[], matching?: MatchingReport) {
  const header = ['figure', 'workflow', 'direct', 'wf/direct', 'target', 'met'];
  const body = rows.map((r) => [
    r.figure,
    fmt(r.workflow, r.figure.includes('req/s') ? 0 : 0),
    (r.directCapped ? '≥' : '') + fmt(r.direct),
    (r.directCapped && r.ratio !== null ? '≤' : '') + fmt(r.ratio, 2),
    r.target ?? '',
    r.target ? (r.met ? 'yes' : 'NO') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  if (matching) {
    console.log('');
    console.log(
      `matching query, ${matching.workspaces} workspaces x ${matching.counselorsPerWorkspace} counselors ` +
        `(${matching.totalCounselorProfiles} profiles), ${matching.runs} runs: ` +
        `round trip p50 ${fmt(matching.roundTripMs.p50, 2)} ms, p95 ${fmt(matching.roundTripMs.p95, 2)} ms; ` +
        `Postgres execution p50 ${fmt(matching.executionMs.p50, 2)} ms, p95 ${fmt(matching.executionMs.p95, 2)} ms`,
    );
  }
}

export function printCpu(title: string, phases: [string, Record<string, number> | undefined, number | undefined][]) {
  const roles = ['api', 'worker', 'worker2', 'temporal', 'postgres', 'direct', 'bench', 'other'];
  console.log('');
  console.log(`${title} (CPU seconds per component; 2 cores = 2 CPU-s per wall second)`);
  console.log(['phase'.padEnd(28), ...roles.map((r) => r.padStart(9)), 'wall s'.padStart(8)].join(''));
  for (const [name, cpu, wall] of phases) {
    if (!cpu) continue;
    console.log([name.padEnd(28), ...roles.map((r) => fmt(cpu[r], 1).padStart(9)), fmt(wall, 1).padStart(8)].join(''));
  }
}
