// Lead shift swaps (table shift_swaps). Each change is a conditional update, so two takers racing for one offer get
// one winner; taking writes the rota override and the audit entry in the same transaction. The rules of who may do
// what are domain/shift-swaps.ts; callers check them first for a clear message, the conditions here hold them anyway.
import type { Knex } from 'knex';
import { isUuid } from '../../domain/ids';
import type { ShiftSwap, StoredSwapStatus } from '../../domain/shift-swaps';
import type { AuditStore } from './audit-store';

interface SwapRow {
  id: string;
  workspace_id: string;
  giver_id: string;
  starts_at: Date;
  ends_at: Date;
  note: string;
  status: StoredSwapStatus;
  taker_id: string | null;
  override_id: string | null;
  created_at: Date;
  taken_at: Date | null;
  withdrawn_at: Date | null;
}

const toSwap = (r: SwapRow): ShiftSwap => ({
  id: r.id,
  workspaceId: r.workspace_id,
  giverId: r.giver_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
  status: r.status,
  takerId: r.taker_id,
  overrideId: r.override_id,
  createdAt: r.created_at,
  takenAt: r.taken_at,
  withdrawnAt: r.withdrawn_at,
});

const UNIQUE_VIOLATION = '23505';

/** The note the override carries on the rota pages ("Shift swap: taken from Liis"). */
export const swapOverrideNote = (giverName: string): string => `Shift swap: taken from ${giverName}`;

export function createShiftSwapsStore(db: Knex, audit: AuditStore) {
  async function get(workspaceId: string, id: string): Promise<ShiftSwap | null> {
    if (!isUuid(id)) return null;
    const row = await db<SwapRow>('shift_swaps').where({ id, workspace_id: workspaceId }).first();
    return row ? toSwap(row) : null;
  }

  return {
    /** One of the workspace's offers; null for another workspace's (or no such) id. */
    get,

    /** The offer by id alone (the notice activity, which has ids only). */
    async getById(id: string): Promise<ShiftSwap | null> {
      if (!isUuid(id)) return null;
      const row = await db<SwapRow>('shift_swaps').where({ id }).first();
      return row ? toSwap(row) : null;
    },

    /** The workspace's offers whose shift has not ended by `since`, soonest first. */
    async listCurrent(workspaceId: string, since: Date = new Date()): Promise<ShiftSwap[]> {
      const rows = await db<SwapRow>('shift_swaps')
        .where({ workspace_id: workspaceId })
        .where('ends_at', '>', since)
        .orderBy([{ column: 'starts_at' }, { column: 'created_at' }]);
      return rows.map(toSwap);
    },

    /** Every offer the lead made for shifts starting at `startsAt` (any status). */
    async byGiverAt(workspaceId: string, giverId: string, startsAt: Date): Promise<ShiftSwap[]> {
      const rows = await db<SwapRow>('shift_swaps').where({
        workspace_id: workspaceId,
        giver_id: giverId,
        starts_at: startsAt,
      });
      return rows.map(toSwap);
    },

    /** Records an open offer (audited); 'already-offered' when the giver has an open one for this shift. */
    async offer(input: {
      workspaceId: string;
      giverId: string;
      startsAt: Date;
      endsAt: Date;
      note: string;
    }): Promise<ShiftSwap | 'already-offered'> {
      try {
        return await db.transaction(async (trx) => {
          const [row] = await trx<SwapRow>('shift_swaps')
            .insert({
              workspace_id: input.workspaceId,
              giver_id: input.giverId,
              starts_at: input.startsAt,
              ends_at: input.endsAt,
              note: input.note,
            })
            .returning('*');
          await audit.record(
            {
              workspaceId: input.workspaceId,
              actorId: input.giverId,
              action: 'shift-swap.offered',
              subjectType: 'shift_swap',
              subjectId: row.id,
              detail: { startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString() },
            },
            trx,
          );
          return toSwap(row);
        });
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) return 'already-offered';
        throw err;
      }
    },

    /**
     * The taker takes the open offer: one statement decides (open, not started, not their own), then the override that
     * puts them on call for the shift and the audit entry, all in one transaction. Null when the offer was no longer
     * open to them (another taker won, it was withdrawn, or its shift started): nothing changed.
     */
    async take(workspaceId: string, id: string, takerId: string, overrideNote: string): Promise<ShiftSwap | null> {
      if (!isUuid(id)) return null;
      return db.transaction(async (trx) => {
        const [row] = await trx<SwapRow>('shift_swaps')
          .where({ id, workspace_id: workspaceId, status: 'open' })
          .where('starts_at', '>', trx.fn.now())
          .whereNot({ giver_id: takerId })
          .update({ status: 'taken', taker_id: takerId, taken_at: trx.fn.now() })
          .returning('*');
        if (!row) return null;
        const [override] = await trx('oncall_overrides')
          .insert({
            workspace_id: workspaceId,
            lead_id: takerId,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            note: overrideNote,
            created_by: takerId,
          })
          .returning('id');
        const [done] = await trx<SwapRow>('shift_swaps')
          .where({ id })
          .update({ override_id: override.id })
          .returning('*');
        await audit.record(
          {
            workspaceId,
            actorId: takerId,
            action: 'shift-swap.taken',
            subjectType: 'shift_swap',
            subjectId: id,
            detail: {
              giverId: row.giver_id,
              takerId,
              overrideId: override.id,
              startsAt: row.starts_at.toISOString(),
              endsAt: row.ends_at.toISOString(),
            },
          },
          trx,
        );
        return toSwap(done);
      });
    },

    /** Withdraws an open offer whose shift has not started (audited); null when it was not open any more. */
    async withdraw(workspaceId: string, id: string, byId: string): Promise<ShiftSwap | null> {
      if (!isUuid(id)) return null;
      return db.transaction(async (trx) => {
        const [row] = await trx<SwapRow>('shift_swaps')
          .where({ id, workspace_id: workspaceId, status: 'open' })
          .where('starts_at', '>', trx.fn.now())
          .update({ status: 'withdrawn', withdrawn_at: trx.fn.now() })
          .returning('*');
        if (!row) return null;
        await audit.record(
          {
            workspaceId,
            actorId: byId,
            action: 'shift-swap.withdrawn',
            subjectType: 'shift_swap',
            subjectId: id,
            detail: { giverId: row.giver_id, startsAt: row.starts_at.toISOString() },
          },
          trx,
        );
        return toSwap(row);
      });
    },
  };
}
export type ShiftSwapsStore = ReturnType<typeof createShiftSwapsStore>;
