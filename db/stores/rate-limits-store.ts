// Fixed-window counters in Postgres (table rate_limits): they survive a restart and every API process shares
// them. One atomic upsert per hit, so concurrent hits never lose a count.
import type { Knex } from 'knex';

export interface WindowCount {
  count: number;
  /** Until the window ends (and the count starts again). */
  retryAfterMs: number;
}

export function createRateLimitsStore(db: Knex) {
  return {
    /** Counts one hit on the key and returns the window's count, this hit included. */
    async hit(key: string, windowMs: number): Promise<WindowCount> {
      const { rows } = await db.raw(
        `insert into rate_limits (key, count, window_ends_at) values (?, 1, now() + ? * interval '1 millisecond')
         on conflict (key) do update set
           count = case when rate_limits.window_ends_at <= now() then 1 else rate_limits.count + 1 end,
           window_ends_at = case when rate_limits.window_ends_at <= now() then excluded.window_ends_at
                                 else rate_limits.window_ends_at end
         returning count, extract(epoch from (window_ends_at - now())) * 1000 as retry_ms`,
        [key, windowMs],
      );
      return { count: Number(rows[0].count), retryAfterMs: Math.max(0, Number(rows[0].retry_ms)) };
    },
    /** The current window's count without counting (0 when the window has ended). */
    async peek(key: string): Promise<WindowCount> {
      const row = await db('rate_limits')
        .where({ key })
        .andWhere('window_ends_at', '>', db.fn.now())
        .first(db.raw('count'), db.raw('extract(epoch from (window_ends_at - now())) * 1000 as retry_ms'));
      return row ? { count: Number(row.count), retryAfterMs: Number(row.retry_ms) } : { count: 0, retryAfterMs: 0 };
    },
    /** Takes one hit back (an attempt that turned out fine). */
    async unhit(key: string): Promise<void> {
      await db('rate_limits').where({ key }).andWhere('count', '>', 0).decrement('count', 1);
    },
    async clear(key: string): Promise<void> {
      await db('rate_limits').where({ key }).delete();
    },
  };
}
export type RateLimitsStore = ReturnType<typeof createRateLimitsStore>;
