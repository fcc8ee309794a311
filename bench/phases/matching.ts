// The matching query at scale (2,000 workspaces x 40 counselors by default): the store's call round trip, and
// Postgres' own execution time from EXPLAIN ANALYZE; `--matching-only` runs it alone in a fresh Postgres.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { createDb, createStores, migrateLatest } from '../../db';
import { startPostgres } from '../../scripts/services';
import { log } from '../common';
import { directMatch } from '../direct-match';
import type { Options } from '../options';
import { printTable } from '../report';
import { requestGenerator, seedBenchPool, type SeedResult } from '../seed';
import { summarize, type Summary } from '../stats';

export interface MatchingReport {
  workspaces: number;
  counselorsPerWorkspace: number;
  totalCounselorProfiles: number;
  runs: number;
  /** The store call as the activity makes it (knex + pg round trip). */
  roundTripMs: Summary;
  /** Postgres' own execution time (EXPLAIN ANALYZE of the same SQL and bindings). */
  executionMs: Summary;
  matchedPerQuery: Summary;
  plan: string[];
}

export async function matchingPhase(
  db: Knex,
  dataKey: Buffer,
  seed: SeedResult,
  runs: number,
): Promise<MatchingReport> {
  const stores = createStores(db, dataKey);
  const gen = requestGenerator(seed.background, 777);
  const rt: number[] = [];
  const exec: number[] = [];
  const matched: number[] = [];
  let plan: string[] = [];
  let captured: { sql: string; bindings: unknown[] } | undefined;
  const onQuery = (q: { sql: string; bindings: unknown[] }) => {
    captured = { sql: q.sql, bindings: q.bindings };
  };
  for (let i = 0; i < runs; i++) {
    const t = gen(0);
    const criteria = {
      workspaceId: t.workspaceId,
      language: t.language,
      topics: [t.topic],
      livedExperience: t.livedExperience,
    };
    const explain = i % 5 === 0;
    if (explain) db.once('query', onQuery);
    const start = performance.now();
    const ids = await stores.matching.matchCounselors(criteria);
    rt.push(performance.now() - start);
    matched.push(ids.length);
    if (explain && captured) {
      // knex reports the SQL as sent to pg ($1, $2 ...): run the EXPLAIN on a pg connection of the pool.
      const conn = (await db.client.acquireConnection()) as {
        query(q: { text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
      };
      let res: { rows: Record<string, unknown>[] };
      try {
        res = await conn.query({ text: `explain (analyze, format json) ${captured.sql}`, values: captured.bindings });
      } finally {
        await db.client.releaseConnection(conn);
      }
      const root = (res.rows[0]['QUERY PLAN'] as Record<string, any>[])[0];
      exec.push(root['Execution Time']);
      if (plan.length === 0) plan = flattenPlan(root.Plan);
      captured = undefined;
    }
  }
  return {
    workspaces: seed.background.length,
    counselorsPerWorkspace: seed.background[0]?.counselors.length ?? 0,
    totalCounselorProfiles: seed.rows.counselorProfiles,
    runs,
    roundTripMs: summarize(rt),
    executionMs: summarize(exec),
    matchedPerQuery: summarize(matched),
    plan,
  };
}

function flattenPlan(node: Record<string, unknown>, depth = 0): string[] {
  const label = [node['Node Type'], node['Index Name'] ?? node['Relation Name']].filter(Boolean).join(' ');
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [`${'  '.repeat(depth)}${label}`, ...children.flatMap((c) => flattenPlan(c, depth + 1))];
}

/** `--matching-only`: the 2,000 x 40 matching case on its own, in a fresh Postgres. */
export async function matchingOnly(o: Options, dir: string, stops: Array<() => Promise<void>>) {
  const pgService = await startPostgres({ dataDir: path.join(dir, 'pg'), log });
  stops.push(() => pgService.stop());
  await pgService.createDatabase('dispatch');
  const db = createDb(pgService.url('dispatch'), { max: 4 });
  stops.push(() => db.destroy());
  await migrateLatest(db);
  const seed = await seedBenchPool(db, {
    loadWorkspaces: 0,
    loadMin: 20,
    loadMax: 30,
    bgWorkspaces: o.bgWorkspaces,
    bgCounselors: o.bgCounselors,
  });
  log(`seeded ${seed.rows.workspaces} workspaces, ${seed.rows.counselorProfiles} counselors in ${seed.ms} ms`);
  const stores = createStores(db, randomBytes(32));
  // The pool model and the store must agree before the timing means anything.
  await checkMatchAgreement(db, stores, seed.background);
  const matching = await matchingPhase(db, randomBytes(32), seed, o.matchRuns);
  printTable([], matching);
  console.log(`plan:\n${matching.plan.join('\n')}`);
}

/** The direct path's one query must be the store's query (same ids, same order) and agree with the pool model. */
export async function checkMatchAgreement(
  db: Parameters<typeof directMatch>[0],
  stores: ReturnType<typeof createStores>,
  pool: Parameters<typeof requestGenerator>[0],
): Promise<void> {
  const gen = requestGenerator(pool, 99);
  for (let i = 0; i < 25; i++) {
    const t = gen(0);
    const c = {
      workspaceId: t.workspaceId,
      language: t.language,
      topics: [t.topic],
      livedExperience: t.livedExperience,
    };
    const [a, b] = [await stores.matching.matchCounselors(c), (await directMatch(db, c)).map((m) => m.user_id)];
    if (a.join() !== b.join()) throw new Error(`direct match differs from the store for ${JSON.stringify(c)}`);
    if (a.length !== t.expected) throw new Error(`pool model says ${t.expected} matches, the store ${a.length}`);
  }
}
