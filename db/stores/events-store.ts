// The request timeline: every step leaves a typed record, with ids only (no personal data).
import type { Knex } from 'knex';
import type { RequestEvent } from '../../domain/types';
import { preparedRaw } from '../prepared';

export function createEventsStore(db: Knex) {
  return {
    async add(requestId: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
      await db('request_events').insert({ request_id: requestId, type, data });
    },
    /**
     * The event of a step that may run more than once (a retried activity, a replayed workflow task): written by
     * the first run with this key for the request, and by no other, even two at the same moment (migration 034's
     * unique index). True when this call wrote it. The key names the step (ids and hashes, no personal data); only
     * a written row fires the timeline's notice (the trigger runs for inserted rows).
     */
    async addOnce(requestId: string, type: string, key: string, data: Record<string, unknown> = {}): Promise<boolean> {
      // Prepared: a wave writes one (the dispatch path's statements are, db/prepared.ts).
      const { rowCount } = await preparedRaw<{ rowCount: number | null }>(
        db,
        `insert into request_events (request_id, type, data, key)
         values (:requestId::uuid, :type, :data::jsonb, :key)
         on conflict (request_id, key) where key is not null do nothing`,
        { requestId, type, data: JSON.stringify(data), key },
      );
      return rowCount === 1;
    },
    async list(requestId: string): Promise<RequestEvent[]> {
      const rows = await db('request_events').where({ request_id: requestId }).orderBy('id');
      return rows.map((r) => ({ id: Number(r.id), requestId: r.request_id, type: r.type, data: r.data, at: r.at }));
    },
  };
}
export type EventsStore = ReturnType<typeof createEventsStore>;
