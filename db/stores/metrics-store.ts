// What the metrics page reads: plain records per workspace since a date (api/metrics computes from them).
import type { Knex } from 'knex';

/**
 * The timeline event that says a session was agreed (after-care records it); its data.startsAt, when
 * present, is the session's start, else the event's time is used.
 */
export const SESSION_SCHEDULED_EVENT = 'session-scheduled';

export function createMetricsStore(db: Knex) {
  /** Timeline events of one type on the workspace's requests submitted since `since`. */
  const timeline = (workspaceId: string, since: Date, type: string) =>
    db('request_events as e')
      .join('help_requests as r', 'r.id', 'e.request_id')
      .where('r.workspace_id', workspaceId)
      .andWhere('r.created_at', '>=', since)
      .andWhere('e.type', type)
      .select('e.id', 'e.request_id');

  return {
    /** Each request submitted since `since`, with when (and by whom) it was first taken. */
    async requestTimes(
      workspaceId: string,
      since: Date,
    ): Promise<{ requestId: string; submittedAt: Date; takenAt: Date | null; counselorId: string | null }[]> {
      const rows = await db('help_requests as r')
        .leftJoin('assignments as a', 'a.request_id', 'r.id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>=', since)
        .select('r.id', 'r.created_at', 'a.created_at as taken_at', 'a.counselor_id');
      return rows.map((r) => ({
        requestId: r.id,
        submittedAt: r.created_at,
        takenAt: r.taken_at ?? null,
        counselorId: r.counselor_id ?? null,
      }));
    },
    /** The first session agreed for each request submitted since `since`. */
    async sessionTimes(workspaceId: string, since: Date): Promise<{ requestId: string; sessionAt: Date }[]> {
      const rows = await db('request_events as e')
        .join('help_requests as r', 'r.id', 'e.request_id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>=', since)
        .andWhere('e.type', SESSION_SCHEDULED_EVENT)
        .groupBy('e.request_id')
        .select('e.request_id', db.raw("min(coalesce((e.data->>'startsAt')::timestamptz, e.at)) as session_at"));
      return rows.map((r) => ({ requestId: r.request_id, sessionAt: new Date(r.session_at) }));
    },
    /** Each wave sent for the requests submitted since `since` (the wave-sent timeline events). */
    async waveSends(
      workspaceId: string,
      since: Date,
    ): Promise<{ requestId: string; eventId: number; wave: number; channel: string; sent: number }[]> {
      const rows = await timeline(workspaceId, since, 'wave-sent').select(
        db.raw("(e.data->>'wave')::int as wave"),
        db.raw("e.data->>'channel' as channel"),
        db.raw("coalesce((e.data->>'sent')::int, 0) as sent"),
      );
      return rows.map((r: Record<string, any>) => ({
        requestId: r.request_id,
        eventId: Number(r.id),
        wave: r.wave,
        channel: r.channel,
        sent: r.sent,
      }));
    },
    /** Each counselor's accept (not a coordinator's assignment) on the requests submitted since `since`. */
    async accepts(workspaceId: string, since: Date): Promise<{ requestId: string; eventId: number }[]> {
      const rows = await timeline(workspaceId, since, 'accepted');
      return rows.map((r: Record<string, any>) => ({ requestId: r.request_id, eventId: Number(r.id) }));
    },
    /** The counselors of the workspace who can be offered requests (active, training complete), by name. */
    async pool(workspaceId: string): Promise<{ id: string; name: string }[]> {
      return db('users as u')
        .join('counselor_profiles as p', 'p.user_id', 'u.id')
        .where('u.workspace_id', workspaceId)
        .andWhere('p.active', true)
        .andWhere('p.training_complete', true)
        .orderBy('u.name')
        .select('u.id', 'u.name');
    },
  };
}
export type MetricsStore = ReturnType<typeof createMetricsStore>;
