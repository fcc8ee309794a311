// Reach-outs from pool-health flags: who wrote to a flagged counselor, about which flag, when, in which thread.
import type { Knex } from 'knex';

export interface ReachOut {
  counselorId: string;
  flagKind: string;
  staffId: string;
  staffName: string;
  threadId: string;
  at: Date;
}

/** How far back a reach-out still counts as "someone reached out" beside a flag that is still raised. */
export const REACH_OUT_REMEMBERED_DAYS = 30;

export function createReachOutStore(db: Knex) {
  return {
    async record(input: {
      workspaceId: string;
      counselorId: string;
      flagKind: string;
      staffId: string;
      threadId: string;
    }): Promise<void> {
      await db('flag_reach_outs').insert({
        workspace_id: input.workspaceId,
        counselor_id: input.counselorId,
        flag_kind: input.flagKind,
        staff_id: input.staffId,
        thread_id: input.threadId,
      });
    },

    /** The latest reach-out per counselor and flag kind in the remembered window, keyed `counselorId:kind`. */
    async latest(workspaceId: string, now: Date): Promise<Map<string, ReachOut>> {
      const rows = await db('flag_reach_outs as r')
        .join('users as s', 's.id', 'r.staff_id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>', new Date(now.getTime() - REACH_OUT_REMEMBERED_DAYS * 86_400_000))
        .distinctOn('r.counselor_id', 'r.flag_kind')
        .orderBy([{ column: 'r.counselor_id' }, { column: 'r.flag_kind' }, { column: 'r.created_at', order: 'desc' }])
        .select('r.counselor_id', 'r.flag_kind', 'r.staff_id', 's.name as staff_name', 'r.thread_id', 'r.created_at');
      return new Map(
        rows.map((r: Record<string, any>) => [
          `${r.counselor_id}:${r.flag_kind}`,
          {
            counselorId: r.counselor_id,
            flagKind: r.flag_kind,
            staffId: r.staff_id,
            staffName: r.staff_name,
            threadId: r.thread_id,
            at: r.created_at,
          },
        ]),
      );
    },
  };
}
export type ReachOutStore = ReturnType<typeof createReachOutStore>;
