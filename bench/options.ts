// The bench's command line (see bench/README.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Runtime } from './stack';

export interface Options {
  /** The product's dev-server config (eager activity execution on); false: the dev server's own defaults. */
  eagerActivities: boolean;
  /** Extra `--dynamic-config-value KEY=VALUE` flags for the dev server. */
  dynamicConfig: string[];
  skipDirect: boolean;
  skipWorkflow: boolean;
  keep: boolean;
  label: string | undefined;
  steadyRate: number;
  steadySeconds: number;
  burst: number;
  acceptRounds: number;
  accepters: number;
  waitQuiet: number;
  /** V8 CPU profiles of the api, worker and direct processes, summarized into the results. */
  profile: boolean;
  rates: number[];
  stepSeconds: number;
  loadWorkspaces: number;
  bgWorkspaces: number;
  bgCounselors: number;
  matchRuns: number;
  /** Only Postgres, the seed and the matching query at scale (no Temporal, no HTTP paths). */
  matchingOnly: boolean;
  /** node: the compiled dist/ (as production); tsx: the sources through tsx (as before `npm run build`). */
  runtime: Runtime;
  /** Run `npm run build` first (runtime node). */
  build: boolean;
  /** Which phases run (warm-up always does). */
  phases: Set<PhaseName>;
  /** Worker processes (each its own process, same task queue). */
  workers: number;
  /** Counselors per load workspace (default 20-30). */
  poolSize: number | undefined;
  /** The mixed phase's steps (req/s). */
  mixedRates: number[];
  /** dev: the Temporal CLI's dev server (SQLite in memory); postgres: the production server on PostgreSQL. */
  temporal: 'dev' | 'postgres';
  /** Extra environment for the API and the worker(s) (`--app-env KEY=VALUE`): a lever's setting, e.g. LOG_LEVEL=info. */
  appEnv: Record<string, string>;
  /** The hard bound on the whole run (a loaded machine needs more than the default). */
  timeoutMinutes: number;
  /**
   * How long steady and burst wait for their last requests' wave 1 (default 15 and 30 s): on a loaded machine a longer
   * wait lets every request finish, so the per-request counts (rows, statements, events) are of whole dispatches.
   */
  drainSeconds: number | undefined;
}

export const ALL_PHASES = ['steady', 'burst', 'accept', 'throughput', 'mixed', 'matching'] as const;
export type PhaseName = (typeof ALL_PHASES)[number];

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    eagerActivities: true,
    dynamicConfig: [],
    skipDirect: false,
    skipWorkflow: false,
    keep: false,
    label: undefined,
    steadyRate: 5,
    steadySeconds: 20,
    burst: 100,
    acceptRounds: 30,
    accepters: 7,
    waitQuiet: 0,
    profile: false,
    rates: [10, 20, 40, 80, 160, 320, 640],
    stepSeconds: 5,
    loadWorkspaces: 40,
    bgWorkspaces: 2000,
    bgCounselors: 40,
    matchRuns: 300,
    matchingOnly: false,
    runtime: 'node',
    build: true,
    phases: new Set(ALL_PHASES),
    workers: 1,
    poolSize: undefined,
    mixedRates: [5, 10, 20, 40, 80],
    temporal: 'dev',
    appEnv: {},
    timeoutMinutes: 12,
    drainSeconds: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--eager-activities':
        o.eagerActivities = true;
        break;
      case '--no-eager-activities':
        o.eagerActivities = false;
        break;
      case '--dynamic-config':
        o.dynamicConfig.push(argv[i].slice(flag.length + 1) || argv[++i]);
        break;
      case '--skip-direct':
        o.skipDirect = true;
        break;
      case '--skip-workflow':
        o.skipWorkflow = true;
        break;
      case '--wait-quiet':
        o.waitQuiet = Number(value());
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--label':
        o.label = value();
        break;
      case '--quick':
        o.steadySeconds = 10;
        o.acceptRounds = 15;
        o.stepSeconds = 4;
        o.bgWorkspaces = 500;
        o.matchRuns = 100;
        break;
      case '--rates':
        o.rates = value()
          .split(',')
          .map(Number)
          .filter((n) => n > 0);
        break;
      case '--step-seconds':
        o.stepSeconds = Number(value());
        break;
      case '--steady-seconds':
        o.steadySeconds = Number(value());
        break;
      case '--accept-rounds':
        o.acceptRounds = Number(value());
        break;
      case '--matching-only':
        o.matchingOnly = true;
        break;
      case '--runtime': {
        const v = value();
        if (v !== 'node' && v !== 'tsx') throw new Error('--runtime is node or tsx');
        o.runtime = v;
        break;
      }
      case '--temporal': {
        const v = value();
        if (v !== 'dev' && v !== 'postgres') throw new Error('--temporal is dev or postgres');
        o.temporal = v;
        break;
      }
      case '--no-build':
        o.build = false;
        break;
      case '--phases': {
        const names = value().split(',');
        for (const n of names) {
          if (!(ALL_PHASES as readonly string[]).includes(n)) throw new Error(`unknown phase ${n} (${ALL_PHASES})`);
        }
        o.phases = new Set(names as PhaseName[]);
        break;
      }
      case '--workers':
        o.workers = Number(value());
        break;
      case '--pool-size':
        o.poolSize = Number(value());
        break;
      case '--app-env': {
        const [key, ...rest] = value().split('=');
        if (!key || rest.length === 0) throw new Error('--app-env is KEY=VALUE');
        o.appEnv[key] = rest.join('=');
        break;
      }
      case '--steady-rate':
        o.steadyRate = Number(value());
        break;
      case '--drain-seconds':
        o.drainSeconds = Number(value());
        break;
      case '--timeout-minutes':
        o.timeoutMinutes = Number(value());
        break;
      case '--mixed-rates':
        o.mixedRates = value()
          .split(',')
          .map(Number)
          .filter((n) => n > 0);
        break;
      case '--help':
        console.log(readFileSync(path.join(__dirname, 'README.md'), 'utf8'));
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (see bench/README.md)`);
    }
  }
  return o;
}
