// The request timeline: every step leaves a typed record, with ids only (no personal data).
import type { Knex } from 'knex';
import type { RequestEvent } from '../../domain/types';

export function createEventsStore(db: Knex) {
  return {
    async add(requestId: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
      await db('request_events').insert({ request_id: requestId, type, data });
    },
    async list(requestId: string): Promise<RequestEvent[]> {
      const rows = await db('request_events').where({ request_id: requestId }).orderBy('id');
      return rows.map((r) => ({ id: Number(r.id), requestId: r.request_id, type: r.type, data: r.data, at: r.at }));
    },
  };
}
export type EventsStore = ReturnType<typeof createEventsStore>;
