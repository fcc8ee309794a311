import type { Knex } from 'knex';
import { availabilityInsert, type Availability } from './aftercare-store';
import { decryptJson, encryptJson, hashToken, newToken } from '../secrets';
import type { HelpRequest, Phase, RequesterContact, SafetyAnswer } from '../../domain/types';

interface RequestRow {
  id: string;
  workspace_id: string;
  language: string;
  topic: string;
  lived_experience: string[];
  safety: SafetyAnswer;
  urgent: boolean;
  contact_enc: string;
  status_token_hash: string;
  phase: Phase;
  created_at: Date;
  assigned_at: Date | null;
}

const toRequest = (r: RequestRow): HelpRequest => ({
  id: r.id,
  workspaceId: r.workspace_id,
  language: r.language,
  topic: r.topic,
  livedExperience: r.lived_experience,
  safety: r.safety,
  urgent: r.urgent,
  phase: r.phase,
  createdAt: r.created_at,
  assignedAt: r.assigned_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewRequest {
  id: string;
  /** The workflow input to start with (ids and the policy snapshot) and its queue, kept in the dispatch outbox. */
  workflowInput: Record<string, unknown>;
  taskQueue: string;
  workspaceId: string;
  language: string;
  /** A built-in Topic or one of the workspace's own specialisms. */
  topic: string;
  livedExperience: string[];
  safety: SafetyAnswer;
  urgent: boolean;
  contact: RequesterContact;
  /** The requester's availability windows (optional). */
  availability?: Availability;
  /** How many counselors the intake's first match found: its 'matched' event is stored with the request. */
  matched?: number;
}

export function createRequestsStore(db: Knex, dataKey: Buffer) {
  return {
    /**
     * Stores the request, its first timeline events, its availability (when given) and its dispatch-outbox row
     * in one statement (all or nothing, like a transaction, without BEGIN and COMMIT around three inserts):
     * once this returns, the request will be dispatched. Returns the requester's private status token.
     */
    async create(input: NewRequest): Promise<{ request: HelpRequest; statusToken: string }> {
      const statusToken = newToken();
      let insert = db
        .with(
          'r',
          db<RequestRow>('help_requests')
            .insert({
              id: input.id,
              workspace_id: input.workspaceId,
              language: input.language,
              topic: input.topic,
              lived_experience: input.livedExperience,
              safety: input.safety,
              urgent: input.urgent,
              contact_enc: encryptJson(dataKey, input.contact),
              status_token_hash: hashToken(statusToken),
            })
            .returning('*'),
        )
        .with(
          'e',
          // One insert, so 'matched' follows 'submitted' in the timeline's order.
          db('request_events').insert([
            { request_id: input.id, type: 'submitted', data: {} },
            ...(input.matched === undefined
              ? []
              : [{ request_id: input.id, type: 'matched', data: { count: input.matched } }]),
          ]),
        )
        .with(
          'o',
          db('dispatch_outbox').insert({
            request_id: input.id,
            workflow_input: JSON.stringify(input.workflowInput),
            task_queue: input.taskQueue,
          }),
        );
      if (input.availability) insert = insert.with('a', availabilityInsert(db, input.id, input.availability));
      const [row] = (await insert.select('*').from('r')) as RequestRow[];
      return { request: toRequest(row), statusToken };
    },
    async getById(id: string): Promise<HelpRequest | undefined> {
      if (!UUID.test(id)) return undefined;
      const row = await db<RequestRow>('help_requests').where({ id }).first();
      return row && toRequest(row);
    },
    /**
     * The request with what a message about it needs, in one read instead of two or three: whether its
     * workspace's lock screens may name the topic (`workspaces.lockScreenDetails`) and, only when asked (the
     * winner's and the requester's messages), the requester's contact (`getContact`).
     */
    async getForMessages(
      id: string,
      opts: { contact?: boolean } = {},
    ): Promise<{ request: HelpRequest; lockScreenDetails: boolean; contact?: RequesterContact } | undefined> {
      if (!UUID.test(id)) return undefined;
      const row = await db<RequestRow & { lock_screen_details: boolean | null }>('help_requests as r')
        .leftJoin('workspaces as w', 'w.id', 'r.workspace_id')
        .where('r.id', id)
        .first('r.*', 'w.lock_screen_details');
      if (!row) return undefined;
      return {
        request: toRequest(row),
        lockScreenDetails: row.lock_screen_details ?? false,
        ...(opts.contact ? { contact: decryptJson<RequesterContact>(dataKey, row.contact_enc) } : {}),
      };
    },
    /**
     * A wave begins: the request moves from matching to offering (a conditional update, as `setPhase`) and is
     * read for the wave's messages (as `getForMessages`), in one statement. The phase given is the one after the move.
     */
    async startOffering(id: string): Promise<{ request: HelpRequest; lockScreenDetails: boolean } | undefined> {
      if (!UUID.test(id)) return undefined;
      const { rows } = await db.raw(
        `with moved as (update help_requests set phase = 'offering' where id = ? and phase = 'matching' returning phase)
         select r.*, (select phase from moved) as moved_phase, w.lock_screen_details
           from help_requests r left join workspaces w on w.id = r.workspace_id where r.id = ?`,
        [id, id],
      );
      const row = rows[0] as
        (RequestRow & { moved_phase: Phase | null; lock_screen_details: boolean | null }) | undefined;
      if (!row) return undefined;
      return {
        request: toRequest({ ...row, phase: row.moved_phase ?? row.phase }),
        lockScreenDetails: row.lock_screen_details ?? false,
      };
    },
    async listRecent(workspaceId: string, limit = 50): Promise<HelpRequest[]> {
      // Open urgent requests (someone may be in danger now) stand at the top.
      const rows = await db<RequestRow>('help_requests')
        .where({ workspace_id: workspaceId })
        .orderByRaw("(urgent and phase in ('matching', 'offering')) desc, created_at desc")
        .limit(limit);
      return rows.map(toRequest);
    },
    async getByStatusToken(token: string): Promise<HelpRequest | undefined> {
      const row = await db<RequestRow>('help_requests')
        .where({ status_token_hash: hashToken(token) })
        .first();
      return row && toRequest(row);
    },
    /** The requester's contact details: only for the counselor who won, and for sending to the requester. */
    async getContact(id: string): Promise<RequesterContact | undefined> {
      const row = await db<RequestRow>('help_requests').where({ id }).select('contact_enc').first();
      return row && decryptJson<RequesterContact>(dataKey, row.contact_enc);
    },
    /** Moves the phase on only from the phases given (a conditional update: no read-then-write races). */
    async setPhase(id: string, phase: Phase, from: Phase[]): Promise<boolean> {
      return (await db('help_requests').where({ id }).whereIn('phase', from).update({ phase })) === 1;
    },
    /**
     * Records the winner: the assignment row (primary key on request_id guards "one winner" a second
     * time), the offers' final statuses, the phase and the timeline's event, in one statement (seven round trips
     * on every accept when it was a transaction). Idempotent for the same winner. Also answers when the request
     * was made (for the time to the first accept).
     */
    async recordAssignment(
      requestId: string,
      counselorId: string,
      assignedBy: string | null = null,
    ): Promise<{ outcome: 'recorded' | 'already' | 'conflict'; requestCreatedAt: Date | null }> {
      // Every part runs only when this statement made the assignment (`made` has its row). The parts see the table
      // as it was when the statement began, not each other's writes: the winner's own offer is left out of the
      // offers marked taken (it is marked won beside them).
      const { rows } = await db.raw<{
        rows: { inserted: string | null; existing: string | null; created_at: Date | null }[];
      }>(
        `with made as (
           insert into assignments (request_id, counselor_id, assigned_by)
           values (:requestId::uuid, :counselorId::uuid, :assignedBy::uuid)
           on conflict (request_id) do nothing
           returning counselor_id),
         -- A coordinator may assign someone who was never offered it: their offer row is made here, its link
         -- minted by the after-win message.
         won as (
           insert into offers (request_id, counselor_id, wave, channel, status, closed_at, assigned_by)
           select :requestId::uuid, :counselorId::uuid, 0, 'assigned', 'won', :now::timestamptz, :assignedBy::uuid
             from made
           on conflict (request_id, counselor_id)
           do update set status = 'won', closed_at = excluded.closed_at, assigned_by = excluded.assigned_by),
         taken as (
           update offers set status = 'taken', closed_at = :now::timestamptz
            where request_id = :requestId::uuid and status = 'open' and counselor_id <> :counselorId::uuid
              and exists (select 1 from made)),
         phase as (
           update help_requests set phase = 'assigned', assigned_at = :now::timestamptz
            where id = :requestId::uuid and phase in ('matching', 'offering') and exists (select 1 from made)),
         noted as (
           insert into request_events (request_id, type, data)
           select :requestId::uuid, :type, :data::jsonb from made)
         select (select counselor_id from made) as inserted,
                (select counselor_id from assignments where request_id = :requestId::uuid) as existing,
                (select created_at from help_requests where id = :requestId::uuid) as created_at`,
        {
          requestId,
          counselorId,
          assignedBy,
          now: new Date(),
          type: assignedBy ? 'assigned-by-coordinator' : 'accepted',
          data: JSON.stringify(assignedBy ? { counselorId, coordinatorId: assignedBy } : { counselorId }),
        },
      );
      const [row] = rows;
      const requestCreatedAt = row.created_at;
      if (row.inserted) return { outcome: 'recorded', requestCreatedAt };
      // Another statement's assignment, committed after this one began, is not in its view: read it now.
      const holder = row.existing ?? (await db('assignments').where({ request_id: requestId }).first())?.counselor_id;
      return { outcome: holder === counselorId ? 'already' : 'conflict', requestCreatedAt };
    },
    async getAssignee(requestId: string): Promise<string | undefined> {
      const row = await db('assignments').where({ request_id: requestId }).first();
      return row?.counselor_id;
    },
    /** Closes a request that nobody took (or that was cancelled): open offers expire. */
    async close(
      requestId: string,
      phase: 'unmatched' | 'cancelled',
      data: Record<string, unknown> = {},
    ): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('offers')
          .where({ request_id: requestId, status: 'open' })
          .update({ status: 'expired', closed_at: new Date() });
        // Unmatched only from an open request; a coordinator's assignment still in its refusal window can be cancelled.
        const from = phase === 'unmatched' ? ['matching', 'offering'] : ['matching', 'offering', 'assigned'];
        const changed = await trx('help_requests').where({ id: requestId }).whereIn('phase', from).update({ phase });
        if (changed) await trx('request_events').insert({ request_id: requestId, type: phase, data });
      });
    },
    /** The assigned counselor refused: the assignment goes, their offer counts as declined, dispatch resumes. */
    async reopenAfterRefusal(
      requestId: string,
      counselorId: string,
      event: 'assignment-refused' | 'handed-back' | 'released' = 'assignment-refused',
    ): Promise<void> {
      await db.transaction(async (trx) => {
        const removed = await trx('assignments').where({ request_id: requestId, counselor_id: counselorId }).delete();
        if (!removed) return;
        await trx('offers')
          .where({ request_id: requestId, counselor_id: counselorId })
          .update({ status: 'declined', closed_at: new Date() });
        await trx('help_requests').where({ id: requestId }).update({ phase: 'offering', assigned_at: null });
        await trx('request_events').insert({
          request_id: requestId,
          type: event,
          data: { counselorId },
        });
      });
    },
    async setCancelReason(id: string, reason: string): Promise<void> {
      await db('help_requests').where({ id }).update({ cancel_reason: reason });
    },
    /** What the coordinator who cancelled wrote: for the team's eyes on the request page, never sent. */
    async getCancelReason(id: string): Promise<string | null> {
      const row = await db('help_requests').where({ id }).select('cancel_reason').first();
      return row?.cancel_reason ?? null;
    },
  };
}
export type RequestsStore = ReturnType<typeof createRequestsStore>;
