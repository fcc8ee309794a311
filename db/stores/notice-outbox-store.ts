// Notices not yet handed to Temporal: the private messages, team-channel posts and taken shift swaps whose
// `notice_started_at` is still null (migration 032). The API marks each once its notice workflow has started; the
// worker's reconciler starts what is left.
import type { Knex } from 'knex';
import type { NoticeKind } from '../../domain/notice-kinds';

export interface PendingNotice {
  kind: NoticeKind;
  /** The message's or post's number, or the swap's uuid, as text. */
  id: string;
}

/** Where each kind's row lives, and the moment its notice became due. */
const SOURCES: Record<NoticeKind, { table: string; dueAt: string; only?: string }> = {
  message: { table: 'messages', dueAt: 'created_at' },
  'team-channel-post': { table: 'team_channel_posts', dueAt: 'created_at' },
  'shift-swap': { table: 'shift_swaps', dueAt: 'taken_at', only: `status = 'taken'` },
};

export function createNoticeOutboxStore(db: Knex) {
  return {
    async markStarted(kind: NoticeKind, id: string | number): Promise<void> {
      await db(SOURCES[kind].table)
        .where({ id })
        .whereNull('notice_started_at')
        .update({ notice_started_at: db.fn.now() });
    },
    /** The oldest notices due for longer than `olderThanMs` (the API's own start is left that long to succeed). */
    async due(olderThanMs: number, limit: number): Promise<PendingNotice[]> {
      const parts = Object.entries(SOURCES).map(
        ([kind, s]) =>
          `select '${kind}' as kind, id::text as id, ${s.dueAt} as due_at from ${s.table}
            where notice_started_at is null ${s.only ? `and ${s.only}` : ''}
              and ${s.dueAt} <= now() - make_interval(secs => :secs)`,
      );
      const rows = await db.raw<{ rows: { kind: NoticeKind; id: string }[] }>(
        `${parts.join(' union all ')} order by due_at limit :limit`,
        { secs: olderThanMs / 1000, limit },
      );
      return rows.rows.map((r) => ({ kind: r.kind, id: r.id }));
    },
  };
}
export type NoticeOutboxStore = ReturnType<typeof createNoticeOutboxStore>;
