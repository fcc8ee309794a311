// The live board's reads (one row per request: phase, wave, offer counts, who accepted) and the
// workspace settings it needs (time-to-help target, requester page languages).
import type { Knex } from 'knex';
import type { Phase, Topic } from '../../domain/types';

/** The Postgres channel the request_events trigger (migration 014) notifies; payload: BoardNotice JSON. */
export const REQUEST_EVENTS_CHANNEL = 'request_events';

/** What a notification carries: ids only. */
export interface BoardNotice {
  eventId: number;
  requestId: string;
  workspaceId: string;
}

export interface BoardRow {
  requestId: string;
  topic: Topic;
  language: string;
  urgent: boolean;
  phase: Phase;
  createdAt: Date;
  assignedAt: Date | null;
  /** The last wave sent (from the timeline), or null before the first. */
  wave: number | null;
  channel: string | null;
  /** Coordinators and the on-call lead have been alerted about it. */
  escalated: boolean;
  offered: number;
  declined: number;
  /** The counselor who has it (accepted or assigned), by name. */
  acceptedBy: string | null;
  lastEventId: number;
}

export interface BoardSettings {
  timeToHelpTargetMinutes: number;
  pageLanguages: string[];
}

/** Phases in which a request still waits for a counselor. */
export const WAITING_PHASES: Phase[] = ['matching', 'offering'];

/** A request that left the waiting phases stays on the board this long, so the team sees how it ended. */
const RECENT = "interval '24 hours'";

function boardQuery(db: Knex, workspaceId: string) {
  return db
    .select(
      'r.id',
      'r.topic',
      'r.language',
      'r.urgent',
      'r.phase',
      'r.created_at',
      'r.assigned_at',
      'o.offered',
      'o.declined',
      'w.data as wave_data',
      'u.name as accepted_by',
      'ev.last_id',
      db.raw("exists (select 1 from request_events x where x.request_id = r.id and x.type = 'escalated') as escalated"),
    )
    .from('help_requests as r')
    .joinRaw(
      `left join lateral (select count(*)::int as offered, (count(*) filter (where status = 'declined'))::int as declined
         from offers where request_id = r.id) o on true`,
    )
    .joinRaw(
      `left join lateral (select data from request_events where request_id = r.id and type = 'wave-sent'
         order by id desc limit 1) w on true`,
    )
    .joinRaw(
      `left join lateral (select max(id) as last_id, max(at) as last_at from request_events where request_id = r.id) ev on true`,
    )
    .leftJoin('assignments as a', 'a.request_id', 'r.id')
    .leftJoin('users as u', 'u.id', 'a.counselor_id')
    .where('r.workspace_id', workspaceId);
}

const toRow = (r: Record<string, any>): BoardRow => ({
  requestId: r.id,
  topic: r.topic,
  language: r.language,
  urgent: r.urgent,
  phase: r.phase,
  createdAt: r.created_at,
  assignedAt: r.assigned_at,
  wave: typeof r.wave_data?.wave === 'number' ? r.wave_data.wave : null,
  channel: typeof r.wave_data?.channel === 'string' ? r.wave_data.channel : null,
  escalated: r.escalated,
  offered: Number(r.offered ?? 0),
  declined: Number(r.declined ?? 0),
  acceptedBy: r.accepted_by ?? null,
  lastEventId: Number(r.last_id ?? 0),
});

export function createBoardStore(db: Knex) {
  return {
    /** Every request still waiting, then those that moved on in the last day; urgent first, oldest first. */
    async rows(workspaceId: string, limit = 200): Promise<BoardRow[]> {
      const rows = await boardQuery(db, workspaceId)
        .where((q) =>
          q
            .whereIn('r.phase', WAITING_PHASES)
            // The created_at bound keeps a team's long history out of the per-row reads below it.
            .orWhere((recent) =>
              recent.whereRaw("r.created_at > now() - interval '14 days'").whereRaw(`ev.last_at > now() - ${RECENT}`),
            ),
        )
        .orderByRaw(
          "(r.phase in ('matching', 'offering')) desc, (r.urgent and r.phase in ('matching', 'offering')) desc",
        )
        .orderBy('r.created_at', 'asc')
        .limit(limit);
      return rows.map(toRow);
    },
    /** The rows of these requests, this workspace's only (another workspace's ids return nothing). */
    async rowsFor(workspaceId: string, requestIds: string[]): Promise<BoardRow[]> {
      if (requestIds.length === 0) return [];
      const rows = await boardQuery(db, workspaceId).whereIn('r.id', requestIds);
      return rows.map(toRow);
    },
    /** Requests of the workspace with timeline events after this id (a reconnecting board catches up with these). */
    async changedSince(workspaceId: string, afterEventId: number, limit = 500): Promise<string[]> {
      const rows = await db('request_events as e')
        .join('help_requests as r', 'r.id', 'e.request_id')
        .where('r.workspace_id', workspaceId)
        .andWhere('e.id', '>', afterEventId)
        .groupBy('e.request_id')
        .orderByRaw('max(e.id)')
        .limit(limit)
        .select('e.request_id');
      return rows.map((r) => r.request_id as string);
    },
    /** The newest timeline event of the workspace: where a freshly loaded board's live updates start. */
    async lastEventId(workspaceId: string): Promise<number> {
      const row = await db('request_events as e')
        .join('help_requests as r', 'r.id', 'e.request_id')
        .where('r.workspace_id', workspaceId)
        .max('e.id as id')
        .first();
      return Number(row?.id ?? 0);
    },
    async settings(workspaceId: string): Promise<BoardSettings> {
      const row = await db('workspaces')
        .where({ id: workspaceId })
        .first('time_to_help_target_minutes', 'page_languages');
      return {
        timeToHelpTargetMinutes: row?.time_to_help_target_minutes ?? 240,
        pageLanguages: row?.page_languages ?? ['en'],
      };
    },
    async saveSettings(workspaceId: string, settings: BoardSettings): Promise<void> {
      await db('workspaces').where({ id: workspaceId }).update({
        time_to_help_target_minutes: settings.timeToHelpTargetMinutes,
        page_languages: settings.pageLanguages,
      });
    },
  };
}
export type BoardStore = ReturnType<typeof createBoardStore>;
