// Retention: a workspace's retention period, and the purge of requester contact and free text from
// requests closed longer ago than that. Counts, phases, timelines, offers and notifications stay.
import type { Knex } from 'knex';
import { encryptJson } from '../secrets';

/** Phases a request ends in ('closed' is the end of after-care). */
export const CLOSED_PHASES = ['unmatched', 'cancelled', 'closed'];
export const RETENTION_DAYS = { min: 1, max: 3650, default: 90 } as const;

export function createRetentionStore(db: Knex, dataKey: Buffer) {
  return {
    async retentionDays(workspaceId: string): Promise<number> {
      const row = await db('workspaces').where({ id: workspaceId }).select('retention_days').first();
      return row?.retention_days ?? RETENTION_DAYS.default;
    },

    /** The caller validates; the database's check constraint refuses anything outside 1..3650 as well. */
    async setRetentionDays(workspaceId: string, days: number): Promise<void> {
      await db('workspaces').where({ id: workspaceId }).update({ retention_days: days });
    },

    /**
     * Purges, in batches (each one transaction, rows locked so two purges never take the same request),
     * every request closed more than its workspace's retention days before `now`. Returns the purged ids.
     */
    async purgeExpired(now: Date = new Date(), batch = 200): Promise<string[]> {
      const purged: string[] = [];
      for (;;) {
        const ids = await db.transaction(async (trx) => {
          const { rows } = await trx.raw<{ rows: Array<{ id: string; retention_days: number }> }>(
            `select r.id, w.retention_days
               from help_requests r join workspaces w on w.id = r.workspace_id
              where r.purged_at is null and r.phase = any(?)
                and (select max(e.at) from request_events e
                      where e.request_id = r.id and e.type = any(?))
                    < ?::timestamptz - make_interval(days => w.retention_days)
              order by r.id
              limit ?
              for update of r skip locked`,
            [CLOSED_PHASES, CLOSED_PHASES, now.toISOString(), batch],
          );
          for (const row of rows) {
            // An empty contact, still encrypted: readers keep working and find nothing.
            await trx('help_requests')
              .where({ id: row.id })
              .update({ contact_enc: encryptJson(dataKey, {}), cancel_reason: null, purged_at: now });
          }
          const ids = rows.map((r) => r.id);
          if (ids.length === 0) return ids;
          // Counselors' SMS replies about these requests (the codes they texted).
          await trx('sms_inbox')
            .whereIn('offer_id', trx('offers').select('id').whereIn('request_id', ids))
            .update({ body: '' });
          // The counselor's private note and out-of-scope reason are free text about the requester too.
          await trx('counseling_sessions')
            .whereIn('request_id', ids)
            .update({ note_enc: null, out_of_scope_reason_enc: null });
          await trx('request_events').insert(
            rows.map((r) => ({ request_id: r.id, type: 'purged', data: { retentionDays: r.retention_days } })),
          );
          return ids;
        });
        purged.push(...ids);
        if (ids.length < batch) return purged;
      }
    },
  };
}
export type RetentionStore = ReturnType<typeof createRetentionStore>;
