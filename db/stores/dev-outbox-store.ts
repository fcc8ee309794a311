// What the local Twilio and SMTP sinks received (the local sink, table dev_outbox): the /dev/outbox page and the tests read it.
import type { TextForm } from '../../domain/text-forms';
import type { Knex } from 'knex';

export interface DevOutboxMessage {
  id: number;
  kind: TextForm;
  to: string;
  from: string | null;
  subject: string | null;
  body: string;
  providerId: string | null;
  receivedAt: Date;
}

export function createDevOutboxStore(db: Knex) {
  return {
    async record(m: Omit<DevOutboxMessage, 'id' | 'receivedAt'>): Promise<void> {
      await db('dev_outbox').insert({
        kind: m.kind,
        to: m.to,
        from: m.from,
        subject: m.subject,
        body: m.body,
        provider_id: m.providerId,
      });
    },
    async list(
      filter: { to?: string; kind?: TextForm; limit?: number; since?: Date } = {},
    ): Promise<DevOutboxMessage[]> {
      const rows = await db('dev_outbox')
        .modify((q) => {
          if (filter.to) q.where('to', filter.to);
          if (filter.kind) q.where('kind', filter.kind);
          if (filter.since) q.where('received_at', '>=', filter.since);
        })
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 200);
      return rows.map((r: Record<string, any>) => ({
        id: Number(r.id),
        kind: r.kind,
        to: r.to,
        from: r.from,
        subject: r.subject,
        body: r.body,
        providerId: r.provider_id,
        receivedAt: r.received_at,
      }));
    },
  };
}
export type DevOutboxStore = ReturnType<typeof createDevOutboxStore>;
