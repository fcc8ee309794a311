// Requests waiting for their workflow to be started. The row is written with the request (one
// transaction); it is marked started once Temporal has the workflow.
import type { Knex } from 'knex';

export interface PendingDispatch {
  requestId: string;
  workflowInput: unknown;
  attempts: number;
}

export function createDispatchOutboxStore(db: Knex) {
  return {
    async markStarted(requestId: string): Promise<void> {
      await db('dispatch_outbox')
        .where({ request_id: requestId })
        .whereNull('started_at')
        .update({ started_at: new Date() });
    },
    /**
     * Claims up to `limit` due rows and pushes their next attempt out by the backoff, so two reconcilers
     * (or the API's immediate start and a reconciler) rarely work on the same row; the workflow id makes
     * a double start harmless anyway.
     */
    async claimDue(taskQueue: string, limit: number, olderThanMs: number): Promise<PendingDispatch[]> {
      const rows = await db.raw<{ rows: { request_id: string; workflow_input: unknown; attempts: number }[] }>(
        `update dispatch_outbox o
            set attempts = o.attempts + 1,
                next_attempt_at = now() + least(interval '30 seconds', interval '500 milliseconds' * power(2, o.attempts))
          where o.request_id in (
            select request_id from dispatch_outbox
             where started_at is null and task_queue = ? and next_attempt_at <= now()
               and created_at <= now() - make_interval(secs => ?)
             order by next_attempt_at
             limit ? for update skip locked)
          returning o.request_id, o.workflow_input, o.attempts`,
        [taskQueue, olderThanMs / 1000, limit],
      );
      return rows.rows.map((r) => ({ requestId: r.request_id, workflowInput: r.workflow_input, attempts: r.attempts }));
    },
    /** Requests not yet taken by Temporal, and how long the oldest has waited (for the metrics). */
    async backlog(): Promise<{ count: number; oldestSeconds: number }> {
      const row = await db('dispatch_outbox')
        .whereNull('started_at')
        .first(
          db.raw('count(*)::int as count'),
          db.raw('coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest'),
        );
      return { count: Number(row?.count ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
    },
    async recordFailure(requestId: string, error: string): Promise<void> {
      await db('dispatch_outbox')
        .where({ request_id: requestId })
        .update({ last_error: error.slice(0, 500) });
    },
  };
}
export type DispatchOutboxStore = ReturnType<typeof createDispatchOutboxStore>;
