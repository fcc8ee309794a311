// After the win: availability, counseling sessions, the requester's session links and after-care tasks.
import { isUuid } from '../../domain/ids';
import type { HardCategory, SessionOutcome, TaskKind } from '../../domain/aftercare';
import { TASK_KINDS as KNOWN_TASK_KINDS } from '../../domain/aftercare';
import type { Knex } from 'knex';
import { decryptJson, encryptJson, hashToken, newToken } from '../secrets';

export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface Availability {
  timeZone: string;
  windows: TimeWindow[];
}

export type SessionState = 'scheduling' | 'scheduled' | 'after-care' | 'closed' | 'handed-back' | 'out-of-scope';
// The vocabulary is domain/aftercare.ts; re-exported for the callers that read it from db/.
export {
  HARD_CATEGORIES,
  SESSION_OUTCOMES,
  TASK_KINDS,
  type HardCategory,
  type SessionOutcome,
  type TaskKind,
} from '../../domain/aftercare';

export interface CounselingSession {
  id: string;
  workspaceId: string;
  requestId: string;
  counselorId: string;
  round: number;
  state: SessionState;
  timeZone: string;
  proposed: TimeWindow[];
  proposal: number;
  startsAt: Date | null;
  endsAt: Date | null;
  outcome: SessionOutcome | null;
  hard: boolean | null;
  hardCategory: HardCategory | null;
  hasNote: boolean;
}

export interface AftercareTask {
  id: string;
  workspaceId: string;
  kind: TaskKind;
  requestId: string;
  sessionId: string;
  counselorId: string;
  counselorName: string;
  ownerId: string | null;
  ownerName: string | null;
  dueAt: Date;
  status: 'open' | 'done';
  doneAt: Date | null;
  createdAt: Date;
}

type Row = Record<string, any>;
const toWindows = (raw: { start: string; end: string }[]): TimeWindow[] =>
  raw.map((w) => ({ start: new Date(w.start), end: new Date(w.end) }));
const fromWindows = (ws: TimeWindow[]) =>
  JSON.stringify(ws.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })));

const toSession = (r: Row): CounselingSession => ({
  id: r.id,
  workspaceId: r.workspace_id,
  requestId: r.request_id,
  counselorId: r.counselor_id,
  round: r.round,
  state: r.state,
  timeZone: r.time_zone,
  proposed: toWindows(r.proposed ?? []),
  proposal: r.proposal,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  outcome: r.outcome,
  hard: r.hard,
  hardCategory: r.hard_category,
  hasNote: r.note_enc !== null && r.note_enc !== undefined,
});

const toTask = (r: Row): AftercareTask => ({
  id: r.id,
  workspaceId: r.workspace_id,
  kind: r.kind,
  requestId: r.request_id,
  sessionId: r.session_id,
  counselorId: r.counselor_id,
  counselorName: r.counselor_name ?? '',
  ownerId: r.owner_id,
  ownerName: r.owner_name ?? null,
  dueAt: r.due_at,
  status: r.status,
  doneAt: r.done_at,
  createdAt: r.created_at,
});

/** Written in the request's own insert statement (requests-store create): all or nothing. */
export function availabilityInsert(db: Knex, requestId: string, a: Availability): Knex.QueryBuilder {
  return db('request_availability').insert({
    request_id: requestId,
    time_zone: a.timeZone,
    windows: fromWindows(a.windows),
  });
}

export function createAftercareStore(db: Knex, dataKey: Buffer) {
  const tasksWithNames = () =>
    db('aftercare_tasks as t')
      .join('users as c', 'c.id', 't.counselor_id')
      .leftJoin('users as o', 'o.id', 't.owner_id')
      .select('t.*', 'c.name as counselor_name', 'o.name as owner_name');

  return {
    async availability(requestId: string): Promise<Availability | undefined> {
      const row = await db('request_availability').where({ request_id: requestId }).first();
      return row && { timeZone: row.time_zone, windows: toWindows(row.windows) };
    },

    /**
     * The session of this assignment round, made once with its 'session-opened' event on the request's timeline (a
     * retried activity finds the same row, and writes no second event).
     */
    async openSession(input: { requestId: string; counselorId: string; round: number }): Promise<CounselingSession> {
      // One statement (it was six round trips on every accept): made with the requester's zone when they gave
      // one (the times they read are theirs), else the counselor's; a row already there is returned as it is.
      const { rows } = await db.raw<{ rows: Row[] }>(
        `with made as (
           insert into counseling_sessions (workspace_id, request_id, counselor_id, round, time_zone)
           select r.workspace_id, r.id, :counselorId::uuid, :round::int, coalesce(a.time_zone, p.time_zone, 'UTC')
             from help_requests r
             left join request_availability a on a.request_id = r.id
             left join counselor_profiles p on p.user_id = :counselorId::uuid
            where r.id = :requestId::uuid
           on conflict (request_id, round) do nothing
           returning *),
         noted as (
           insert into request_events (request_id, type, data)
           select request_id, 'session-opened', jsonb_build_object('sessionId', id, 'round', round) from made)
         select * from made
         union all
         select * from counseling_sessions
          where request_id = :requestId::uuid and round = :round::int and not exists (select 1 from made)`,
        input,
      );
      // A session made by another statement that committed after this one began is not in its view: read it now.
      const row =
        rows[0] ?? (await db('counseling_sessions').where({ request_id: input.requestId, round: input.round }).first());
      if (!row) throw new Error(`Request ${input.requestId} not found`);
      return toSession(row);
    },
    async getSession(id: string): Promise<CounselingSession | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db('counseling_sessions').where({ id }).first();
      return row && toSession(row);
    },
    /** The latest session of a request (the current assignment round). */
    async currentSession(requestId: string): Promise<CounselingSession | undefined> {
      const row = await db('counseling_sessions').where({ request_id: requestId }).orderBy('round', 'desc').first();
      return row && toSession(row);
    },
    async activeSessionsFor(counselorId: string): Promise<CounselingSession[]> {
      const rows = await db('counseling_sessions')
        .where({ counselor_id: counselorId })
        .whereIn('state', ['scheduling', 'scheduled', 'after-care'])
        .orderBy('created_at');
      return rows.map(toSession);
    },
    async setState(id: string, state: SessionState): Promise<void> {
      await db('counseling_sessions').where({ id }).update({ state, updated_at: db.fn.now() });
    },
    async propose(id: string, proposal: number, slots: TimeWindow[]): Promise<void> {
      await db('counseling_sessions')
        .where({ id })
        .update({
          proposed: fromWindows(slots),
          proposal,
          state: 'scheduling',
          starts_at: null,
          ends_at: null,
          updated_at: db.fn.now(),
        });
    },
    /** Back to proposing: the confirmed slot (and an earlier outcome of "rescheduled") are cleared. */
    async reschedule(id: string): Promise<void> {
      await db('counseling_sessions').where({ id }).update({
        state: 'scheduling',
        proposed: '[]',
        starts_at: null,
        ends_at: null,
        outcome: null,
        updated_at: db.fn.now(),
      });
    },
    async confirm(id: string, slot: TimeWindow): Promise<void> {
      await db('counseling_sessions')
        .where({ id })
        .update({ state: 'scheduled', starts_at: slot.start, ends_at: slot.end, updated_at: db.fn.now() });
    },
    /** The private note to the supervisor, kept only while the outcome is still open. */
    async saveNote(id: string, note: string | null): Promise<boolean> {
      const n = await db('counseling_sessions')
        .where({ id, state: 'after-care' })
        .whereNull('outcome')
        .update({ note_enc: note ? encryptJson(dataKey, note) : null });
      return n === 1;
    },
    /** The counselor's reason for marking the request out of scope; only while the session is open. */
    async saveOutOfScopeReason(id: string, reason: string): Promise<boolean> {
      const n = await db('counseling_sessions')
        .where({ id })
        .whereIn('state', ['scheduling', 'scheduled'])
        .update({ out_of_scope_reason_enc: encryptJson(dataKey, reason) });
      return n === 1;
    },
    async outOfScopeReason(id: string): Promise<string | null> {
      const row = await db('counseling_sessions').where({ id }).first('out_of_scope_reason_enc');
      return row?.out_of_scope_reason_enc ? decryptJson<string>(dataKey, row.out_of_scope_reason_enc) : null;
    },
    async note(id: string): Promise<string | null> {
      const row = await db('counseling_sessions').where({ id }).first('note_enc');
      return row?.note_enc ? decryptJson<string>(dataKey, row.note_enc) : null;
    },
    async recordOutcome(
      id: string,
      o: { outcome: SessionOutcome; hard: boolean; category: HardCategory | null },
    ): Promise<void> {
      await db('counseling_sessions')
        .where({ id })
        .update({ outcome: o.outcome, hard: o.hard, hard_category: o.category, updated_at: db.fn.now() });
    },

    async mintLink(sessionId: string): Promise<string> {
      const token = newToken();
      await db('session_links').insert({ token_hash: hashToken(token), session_id: sessionId });
      return token;
    },
    async sessionByLink(token: string): Promise<CounselingSession | undefined> {
      const row = await db('session_links as l')
        .join('counseling_sessions as s', 's.id', 'l.session_id')
        .where('l.token_hash', hashToken(token))
        .first('s.*');
      return row && toSession(row);
    },

    /** Opens a task once per session and kind; a retry gets the task made the first time. */
    async openTask(input: {
      sessionId: string;
      kind: TaskKind;
      ownerId: string | null;
      dueAt: Date;
    }): Promise<{ task: AftercareTask; created: boolean }> {
      // The one check of the kind (the table has no CHECK of its own since migration 026): a kind not in the
      // domain's list is a bug in the caller, refused before anything is written.
      if (!(KNOWN_TASK_KINDS as readonly string[]).includes(input.kind))
        throw new Error(`unknown task kind: ${input.kind}`);
      const session = await db('counseling_sessions').where({ id: input.sessionId }).first();
      const inserted = await db('aftercare_tasks')
        .insert({
          workspace_id: session.workspace_id,
          kind: input.kind,
          request_id: session.request_id,
          session_id: session.id,
          counselor_id: session.counselor_id,
          owner_id: input.ownerId,
          due_at: input.dueAt,
        })
        .onConflict(['session_id', 'kind'])
        // A kind that can recur (unconfirmed, missing outcome after a reschedule) opens its task again;
        // a task still open keeps its row and due time.
        .merge({ status: 'open', done_at: null, due_at: input.dueAt })
        .where('aftercare_tasks.status', 'done')
        .returning('id');
      const row = await tasksWithNames().where({ 't.session_id': input.sessionId, 't.kind': input.kind }).first();
      return { task: toTask(row), created: inserted.length === 1 };
    },
    async getTask(id: string): Promise<AftercareTask | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await tasksWithNames().where('t.id', id).first();
      return row && toTask(row);
    },
    async listTasks(workspaceId: string, opts: { includeDone?: boolean } = {}): Promise<AftercareTask[]> {
      const rows = await tasksWithNames()
        .where('t.workspace_id', workspaceId)
        .modify((q) => {
          if (!opts.includeDone) q.where('t.status', 'open');
        })
        .orderBy([{ column: 't.status', order: 'desc' }, 't.due_at'])
        .limit(200);
      return rows.map(toTask);
    },
    /** Conditional: false when it was already done (or belongs to another workspace). */
    async markTaskDone(workspaceId: string, id: string, userId: string | null): Promise<boolean> {
      const n = await db('aftercare_tasks')
        .where({ id, workspace_id: workspaceId, status: 'open' })
        .update({ status: 'done', done_at: db.fn.now(), done_by: userId });
      return n === 1;
    },
    /** The system closes a task that no longer applies (the slot was confirmed, the outcome came). */
    async closeTask(sessionId: string, kind: TaskKind): Promise<void> {
      await db('aftercare_tasks')
        .where({ session_id: sessionId, kind, status: 'open' })
        .update({ status: 'done', done_at: db.fn.now() });
    },
  };
}
export type AftercareStore = ReturnType<typeof createAftercareStore>;
