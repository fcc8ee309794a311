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
    /**
     * One attempt on a growing-delay key (login throttling): refused while the last attempts' delay runs, else
     * counted, and the next attempt is held back by delayFor(count) as if this one fails (the caller clears the
     * key on success). The row is locked for the decision, so parallel attempts queue and see each other's count.
     */
    async step(
      key: string,
      delayFor: (count: number) => number,
      forgetAfterMs: number,
    ): Promise<{ allowed: boolean; count: number; retryAfterMs: number }> {
      // clock_timestamp(), not now(): now() is when the transaction began, and an attempt that waited for the row
      // lock behind a parallel one would read that one's fresh window as still in the future and be refused.
      return db.transaction(async (trx) => {
        await trx.raw(
          `insert into rate_limits (key, count, window_ends_at) values (?, 0, clock_timestamp() - interval '1 second')
           on conflict (key) do nothing`,
          [key],
        );
        const row = await trx('rate_limits')
          .where({ key })
          .forUpdate()
          .first('count', trx.raw('extract(epoch from (window_ends_at - clock_timestamp())) * 1000 as wait_ms'));
        const waitMs = Number(row.wait_ms);
        if (waitMs > 0) return { allowed: false, count: Number(row.count), retryAfterMs: waitMs };
        const count = -waitMs > forgetAfterMs ? 1 : Number(row.count) + 1;
        await trx('rate_limits')
          .where({ key })
          .update({
            count,
            window_ends_at: trx.raw(`clock_timestamp() + ? * interval '1 millisecond'`, [delayFor(count)]),
          });
        return { allowed: true, count, retryAfterMs: 0 };
      });
    },
    async clear(key: string): Promise<void> {
      await db('rate_limits').where({ key }).delete();
    },
  };
}
export type RateLimitsStore = ReturnType<typeof createRateLimitsStore>;
