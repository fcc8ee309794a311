// Care for the carers: hard sessions per counselor, cool-downs, named supervisors and supervision check-ins.
import type { Knex } from 'knex';
import type { HardCategory } from '../../domain/aftercare';
import type { CoolDownDecision, HardSession } from '../../domain/care';
import { isUuid } from '../../domain/ids';

export interface CoolDown {
  id: string;
  workspaceId: string;
  counselorId: string;
  categories: HardCategory[];
  topics: string[];
  sessionId: string | null;
  untilAt: Date;
  liftedAt: Date | null;
  liftedBy: string | null;
  createdAt: Date;
}

export const CHECKIN_SOURCES = ['session', 'cool-down', 'asked'] as const;
export type CheckinSource = (typeof CHECKIN_SOURCES)[number];

export interface SupervisionCheckin {
  id: string;
  workspaceId: string;
  counselorId: string;
  counselorName: string;
  supervisorId: string | null;
  supervisorName: string | null;
  source: CheckinSource;
  sessionId: string | null;
  cooldownId: string | null;
  dueAt: Date;
  status: 'open' | 'done';
  notifiedAt: Date | null;
  escalatedAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
}

type Row = Record<string, any>;

const toCoolDown = (r: Row): CoolDown => ({
  id: r.id,
  workspaceId: r.workspace_id,
  counselorId: r.counselor_id,
  categories: r.categories,
  topics: r.topics,
  sessionId: r.session_id,
  untilAt: r.until_at,
  liftedAt: r.lifted_at,
  liftedBy: r.lifted_by,
  createdAt: r.created_at,
});

const toCheckin = (r: Row): SupervisionCheckin => ({
  id: r.id,
  workspaceId: r.workspace_id,
  counselorId: r.counselor_id,
  counselorName: r.counselor_name ?? '',
  supervisorId: r.supervisor_id,
  supervisorName: r.supervisor_name ?? null,
  source: r.source,
  sessionId: r.session_id,
  cooldownId: r.cooldown_id,
  dueAt: r.due_at,
  status: r.status,
  notifiedAt: r.notified_at,
  escalatedAt: r.escalated_at,
  doneAt: r.done_at,
  createdAt: r.created_at,
});

/** Held hard sessions in (from, until], by counselor: when (the slot's end, else when written) and which category. */
export async function hardSessionsOf(
  db: Knex,
  ids: string[],
  from: Date,
  until: Date,
): Promise<Map<string, HardSession[]>> {
  const out = new Map<string, HardSession[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db('counseling_sessions')
    .whereIn('counselor_id', ids)
    .where({ outcome: 'held', hard: true })
    .whereNotNull('hard_category')
    .andWhereRaw('coalesce(ends_at, updated_at) > ? and coalesce(ends_at, updated_at) <= ?', [from, until])
    .select('counselor_id', 'hard_category', db.raw('coalesce(ends_at, updated_at) as at'))
    .orderBy('at', 'desc');
  for (const r of rows) out.get(r.counselor_id)?.push({ at: new Date(r.at), category: r.hard_category });
  return out;
}

export function createCareStore(db: Knex) {
  const checkins = () =>
    db('supervision_checkins as k')
      .join('users as c', 'c.id', 'k.counselor_id')
      .leftJoin('users as s', 's.id', 'k.supervisor_id')
      .select('k.*', 'c.name as counselor_name', 's.name as supervisor_name');

  return {
    /** Held hard sessions since `since`, by counselor. */
    hardSessions: (counselorIds: string[], since: Date, until: Date = new Date()) =>
      hardSessionsOf(db, counselorIds, since, until),

    /** The cool-down a session's outcome started; once per session (a retried activity finds the first). */
    async startCoolDown(input: {
      workspaceId: string;
      counselorId: string;
      sessionId: string;
      decision: CoolDownDecision;
    }): Promise<CoolDown> {
      await db('counselor_cooldowns')
        .insert({
          workspace_id: input.workspaceId,
          counselor_id: input.counselorId,
          session_id: input.sessionId,
          categories: input.decision.categories,
          topics: input.decision.topics,
          until_at: input.decision.until,
        })
        .onConflict('session_id')
        .ignore();
      return toCoolDown(await db('counselor_cooldowns').where({ session_id: input.sessionId }).first());
    },

    /** Cool-downs still holding offers (not lifted, not over), per counselor of the workspace. */
    async activeCoolDowns(workspaceId: string, at: Date = new Date()): Promise<CoolDown[]> {
      const rows = await db('counselor_cooldowns')
        .where({ workspace_id: workspaceId })
        .whereNull('lifted_at')
        .andWhere('until_at', '>', at)
        .orderBy('until_at');
      return rows.map(toCoolDown);
    },

    async getCoolDown(workspaceId: string, id: string): Promise<CoolDown | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db('counselor_cooldowns').where({ id, workspace_id: workspaceId }).first();
      return row && toCoolDown(row);
    },

    /** Lifted early by a coordinator. Conditional: false when already lifted, over, or not this workspace's. */
    async liftCoolDown(workspaceId: string, id: string, userId: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const n = await db('counselor_cooldowns')
        .where({ id, workspace_id: workspaceId })
        .whereNull('lifted_at')
        .andWhere('until_at', '>', db.fn.now())
        .update({ lifted_at: db.fn.now(), lifted_by: userId });
      return n === 1;
    },

    // ---- the named supervisor ----------------------------------------------------------------------------------

    async supervisorOf(counselorId: string): Promise<{ id: string; name: string } | null> {
      const row = await db('counselor_profiles as p')
        .join('users as s', 's.id', 'p.supervisor_id')
        .where('p.user_id', counselorId)
        .whereNull('s.deactivated_at')
        .first('s.id', 's.name');
      return row ? { id: row.id, name: row.name } : null;
    },

    /**
     * Names (or clears, null) a counselor's supervisor: a lead or coordinator of the same team, active. False
     * when either is not of this workspace or the supervisor holds neither role; nothing changes then.
     */
    async setSupervisor(workspaceId: string, counselorId: string, supervisorId: string | null): Promise<boolean> {
      if (supervisorId !== null) {
        if (!isUuid(supervisorId)) return false;
        const ok = await db('users')
          .where({ id: supervisorId, workspace_id: workspaceId })
          .whereNull('deactivated_at')
          .andWhereRaw(`roles && array['lead', 'coordinator']::text[]`)
          .first('id');
        if (!ok) return false;
      }
      const n = await db('counselor_profiles')
        .where({ user_id: counselorId, workspace_id: workspaceId })
        .update({ supervisor_id: supervisorId });
      return n === 1;
    },

    // ---- check-ins -------------------------------------------------------------------------------------------

    /**
     * Opens a check-in; a session's or a cool-down's once (a retry finds it), an ask once while one is open.
     * `created` says whether this call made it (so only the first caller starts its timer).
     */
    async openCheckin(input: {
      workspaceId: string;
      counselorId: string;
      supervisorId: string | null;
      source: CheckinSource;
      sessionId?: string | null;
      cooldownId?: string | null;
      dueAt: Date;
    }): Promise<{ checkin: SupervisionCheckin; created: boolean }> {
      const inserted = await db.raw(
        `insert into supervision_checkins (workspace_id, counselor_id, supervisor_id, source, session_id, cooldown_id, due_at)
         values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
        [
          input.workspaceId,
          input.counselorId,
          input.supervisorId,
          input.source,
          input.sessionId ?? null,
          input.cooldownId ?? null,
          input.dueAt,
        ],
      );
      const id: string | undefined = inserted.rows[0]?.id;
      const q = checkins();
      if (id) q.where('k.id', id);
      else if (input.source === 'session') q.where({ 'k.session_id': input.sessionId, 'k.source': 'session' });
      else if (input.source === 'cool-down') q.where('k.cooldown_id', input.cooldownId ?? null);
      else q.where({ 'k.counselor_id': input.counselorId, 'k.source': 'asked', 'k.status': 'open' });
      return { checkin: toCheckin(await q.first()), created: id !== undefined };
    },

    async getCheckin(id: string): Promise<SupervisionCheckin | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await checkins().where('k.id', id).first();
      return row && toCheckin(row);
    },

    /** Open check-ins of the workspace, soonest due first (the task list). */
    async openCheckins(workspaceId: string): Promise<SupervisionCheckin[]> {
      const rows = await checkins()
        .where({ 'k.workspace_id': workspaceId, 'k.status': 'open' })
        .orderBy('k.due_at')
        .limit(200);
      return rows.map(toCheckin);
    },

    /** A counselor's check-ins, open ones first, then the latest done (their home). */
    async checkinsOf(counselorId: string, limit = 5): Promise<SupervisionCheckin[]> {
      const rows = await checkins()
        .where('k.counselor_id', counselorId)
        .orderBy([
          { column: 'k.status', order: 'desc' },
          { column: 'k.due_at', order: 'desc' },
        ])
        .limit(limit);
      return rows.map(toCheckin);
    },

    /** Conditional: false when already done or not this workspace's. */
    async markCheckinDone(workspaceId: string, id: string, userId: string | null): Promise<boolean> {
      if (!isUuid(id)) return false;
      const n = await db('supervision_checkins')
        .where({ id, workspace_id: workspaceId, status: 'open' })
        .update({ status: 'done', done_at: db.fn.now(), done_by: userId });
      return n === 1;
    },

    /** The session's check-in, done with its after-care task (either page may be where it is marked). */
    async markSessionCheckinDone(sessionId: string, userId: string | null): Promise<string | null> {
      const rows = await db('supervision_checkins')
        .where({ session_id: sessionId, source: 'session', status: 'open' })
        .update({ status: 'done', done_at: db.fn.now(), done_by: userId })
        .returning('id');
      return rows[0]?.id ?? null;
    },

    async markCheckin(id: string, what: 'notified' | 'escalated'): Promise<void> {
      await db('supervision_checkins')
        .where({ id })
        .update({ [`${what}_at`]: db.fn.now() });
    },
  };
}
export type CareStore = ReturnType<typeof createCareStore>;
