// Dispatch pauses: while a counselor has an open pause, matching leaves them out (db/stores/matching-store.ts).
import { isUuid } from '../../domain/ids';
import type { Knex } from 'knex';

export type PauseSource = 'debrief' | 'coordinator' | 'self';

export interface Pause {
  id: string;
  workspaceId: string;
  counselorId: string;
  source: PauseSource;
  reason: string;
  ref: string | null;
  createdBy: string | null;
  createdAt: Date;
  liftedAt: Date | null;
  liftedBy: string | null;
}

function toPause(r: Record<string, any>): Pause {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    counselorId: r.counselor_id,
    source: r.source,
    reason: r.reason,
    ref: r.ref,
    createdBy: r.created_by,
    createdAt: r.created_at,
    liftedAt: r.lifted_at,
    liftedBy: r.lifted_by,
  };
}

export function createPausesStore(db: Knex) {
  return {
    async pause(p: {
      workspaceId: string;
      counselorId: string;
      source: PauseSource;
      reason: string;
      ref?: string;
      createdBy?: string | null;
    }): Promise<Pause> {
      const [row] = await db('counselor_pauses')
        .insert({
          workspace_id: p.workspaceId,
          counselor_id: p.counselorId,
          source: p.source,
          reason: p.reason,
          ref: p.ref ?? null,
          created_by: p.createdBy ?? null,
        })
        .returning('*');
      return toPause(row);
    },
    /** Lifts one open pause; false when it was already lifted (or is of another workspace). */
    async lift(workspaceId: string, pauseId: string, liftedBy: string | null): Promise<boolean> {
      if (!isUuid(pauseId)) return false;
      const n = await db('counselor_pauses')
        .where({ id: pauseId, workspace_id: workspaceId })
        .whereNull('lifted_at')
        .update({ lifted_at: db.fn.now(), lifted_by: liftedBy });
      return n > 0;
    },
    /** Lifts the open pauses that wait for `ref` (a debrief done lifts the pause it caused). */
    async liftByRef(workspaceId: string, ref: string, liftedBy: string | null): Promise<number> {
      return db('counselor_pauses')
        .where({ workspace_id: workspaceId, ref })
        .whereNull('lifted_at')
        .update({ lifted_at: db.fn.now(), lifted_by: liftedBy });
    },
    async openFor(counselorId: string): Promise<Pause[]> {
      const rows = await db('counselor_pauses')
        .where({ counselor_id: counselorId })
        .whereNull('lifted_at')
        .orderBy('created_at');
      return rows.map(toPause);
    },
    async openInWorkspace(workspaceId: string): Promise<Pause[]> {
      const rows = await db('counselor_pauses')
        .where({ workspace_id: workspaceId })
        .whereNull('lifted_at')
        .orderBy('created_at');
      return rows.map(toPause);
    },
  };
}
export type PausesStore = ReturnType<typeof createPausesStore>;
