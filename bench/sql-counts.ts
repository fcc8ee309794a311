// Counted, not timed: SQL statements (pg_stat_statements, which the bench's Postgres preloads) and rows written
// (pg_stat_user_tables) per request.
import type { Knex } from 'knex';
import { log } from './common';

/** SQL statements per accepted request (the bench's own excluded). */
export interface SqlPerRequest {
  all: number;
  transactionControl: number;
  /**
   * PostgreSQL's time planning and running the statements, ms per request (pg_stat_statements; the bench's own few
   * look-ups included). Planning is counted where the server tracks it (the bench turns it on).
   */
  planMs: number;
  execMs: number;
  top: [string, number][];
}

export type TableWrites = Map<string, number>;

// ---- SQL statements (pg_stat_statements, loaded by the bench's Postgres) ----------------------------------------

/** Statements the bench itself sent on its own connection pool (attribution lookups, statistics). */
let benchQueries = 0;
let statementsAvailable = false;

export async function enableStatementCounts(db: Knex): Promise<void> {
  db.on('query', () => {
    benchQueries += 1;
  });
  try {
    await db.raw('create extension if not exists pg_stat_statements');
    await db.raw('select count(*) from pg_stat_statements');
    statementsAvailable = true;
  } catch (err) {
    log(`no SQL statement counts (pg_stat_statements: ${(err as Error).message})`);
  }
}

export interface StatementCount {
  all: number;
  transactionControl: number;
  planMs: number;
  execMs: number;
  /** Calls so far per statement (normalized text). */
  byQuery: Map<string, number>;
}

/** Statements run so far in the app's database by everyone but the bench. */
export async function statementCount(db: Knex): Promise<StatementCount | undefined> {
  if (!statementsAvailable) return undefined;
  const mine = benchQueries;
  const { rows } = await db.raw<{ rows: { all: string; tc: string; plan: number; exec: number }[] }>(
    `select coalesce(sum(calls), 0)::text as all,
            coalesce(sum(total_plan_time), 0)::float8 as plan, coalesce(sum(total_exec_time), 0)::float8 as exec,
            coalesce(sum(calls) filter (where query ~* '^\\s*(begin|commit|rollback|savepoint|release)'), 0)::text as tc
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`,
  );
  const top = await db.raw<{ rows: { query: string; calls: string }[] }>(
    `select left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query, sum(calls)::text as calls from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) group by 1`,
  );
  return {
    all: Number(rows[0].all) - mine,
    transactionControl: Number(rows[0].tc),
    planMs: rows[0].plan,
    execMs: rows[0].exec,
    byQuery: new Map(top.rows.map((r) => [r.query, Number(r.calls)])),
  };
}

export function statementsPerRequest(
  before: StatementCount | undefined,
  after: StatementCount | undefined,
  requests: number,
): SqlPerRequest | undefined {
  if (!before || !after || requests === 0) return undefined;
  const per = (a: number, b: number) => Math.round(((a - b) / requests) * 10) / 10;
  const top = [...after.byQuery]
    .map(([q, calls]) => [q, per(calls, before.byQuery.get(q) ?? 0)] as [string, number])
    .filter(([, n]) => n >= 0.1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25);
  return {
    all: per(after.all, before.all),
    transactionControl: per(after.transactionControl, before.transactionControl),
    planMs: Math.round(((after.planMs - before.planMs) / requests) * 100) / 100,
    execMs: Math.round(((after.execMs - before.execMs) / requests) * 100) / 100,
    top,
  };
}

export async function tableWrites(db: Knex): Promise<TableWrites> {
  const { rows } = await db.raw<{ rows: { relname: string; w: string }[] }>(
    'select relname, (n_tup_ins + n_tup_upd + n_tup_del)::text as w from pg_stat_user_tables',
  );
  return new Map(rows.map((r) => [r.relname, Number(r.w)]));
}

export function writesPerRequest(before: TableWrites, after: TableWrites, requests: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [table, w] of after) {
    const d = w - (before.get(table) ?? 0);
    if (d > 0 && requests > 0) out[table] = Math.round((d / requests) * 10) / 10;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}
