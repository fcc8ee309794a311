import type { Knex } from 'knex';
import { insertAvailability, type Availability } from './aftercare-store';
import { decryptJson, encryptJson, hashToken, newToken } from '../secrets';
import type { HelpRequest, Phase, RequesterContact, SafetyAnswer, Topic } from '../../domain/types';

interface RequestRow {
  id: string;
  workspace_id: string;
  language: string;
  topic: Topic;
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
  topic: Topic;
  livedExperience: string[];
  safety: SafetyAnswer;
  urgent: boolean;
  contact: RequesterContact;
  /** The requester's availability windows (optional). */
  availability?: Availability;
}

export function createRequestsStore(db: Knex, dataKey: Buffer) {
  return {
    /**
     * Stores the request, its first timeline event and its dispatch-outbox row in one transaction: once
     * this returns, the request will be dispatched. Returns the requester's private status token.
     */
    async create(input: NewRequest): Promise<{ request: HelpRequest; statusToken: string }> {
      const statusToken = newToken();
      return db.transaction(async (trx) => {
        const [row] = await trx<RequestRow>('help_requests')
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
          .returning('*');
        await trx('request_events').insert({ request_id: row.id, type: 'submitted', data: {} });
        if (input.availability) await insertAvailability(trx, row.id, input.availability);
        await trx('dispatch_outbox').insert({
          request_id: row.id,
          workflow_input: JSON.stringify(input.workflowInput),
          task_queue: input.taskQueue,
        });
        return { request: toRequest(row), statusToken };
      });
    },
    async getById(id: string): Promise<HelpRequest | undefined> {
      if (!UUID.test(id)) return undefined;
      const row = await db<RequestRow>('help_requests').where({ id }).first();
      return row && toRequest(row);
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
     * time), the offers' final statuses and the phase, in one transaction. Idempotent for the same winner.
     */
    async recordAssignment(
      requestId: string,
      counselorId: string,
      assignedBy: string | null = null,
    ): Promise<'recorded' | 'already' | 'conflict'> {
      return db.transaction(async (trx) => {
        const inserted = await trx('assignments')
          .insert({ request_id: requestId, counselor_id: counselorId, assigned_by: assignedBy })
          .onConflict('request_id')
          .ignore()
          .returning('counselor_id');
        if (inserted.length === 0) {
          const existing = await trx('assignments').where({ request_id: requestId }).first();
          return existing?.counselor_id === counselorId ? 'already' : 'conflict';
        }
        const now = new Date();
        // A coordinator may assign someone who was never offered it: their offer row is made here, its
        // link minted by the after-win message.
        await trx('offers')
          .insert({
            request_id: requestId,
            counselor_id: counselorId,
            wave: 0,
            channel: 'assigned',
            status: 'won',
            closed_at: now,
            assigned_by: assignedBy,
          })
          .onConflict(['request_id', 'counselor_id'])
          .merge({ status: 'won', closed_at: now, assigned_by: assignedBy });
        await trx('offers')
          .where({ request_id: requestId, status: 'open' })
          .update({ status: 'taken', closed_at: now });
        await trx('help_requests')
          .where({ id: requestId })
          .whereIn('phase', ['matching', 'offering'])
          .update({ phase: 'assigned', assigned_at: now });
        await trx('request_events').insert({
          request_id: requestId,
          type: assignedBy ? 'assigned-by-coordinator' : 'accepted',
          data: assignedBy ? { counselorId, coordinatorId: assignedBy } : { counselorId },
        });
        return 'recorded';
      });
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
      event: 'assignment-refused' | 'handed-back' = 'assignment-refused',
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
