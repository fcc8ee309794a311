// What the local Twilio and SMTP sinks received: the dev outbox page and the tests read it.
import type { Knex } from 'knex';

export interface OutboxMessage {
  id: number;
  kind: 'sms' | 'email';
  to: string;
  from: string | null;
  subject: string | null;
  body: string;
  providerId: string | null;
  receivedAt: Date;
}

export function createOutboxStore(db: Knex) {
  return {
    async record(m: Omit<OutboxMessage, 'id' | 'receivedAt'>): Promise<void> {
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
      filter: { to?: string; kind?: 'sms' | 'email'; limit?: number; since?: Date } = {},
    ): Promise<OutboxMessage[]> {
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
export type OutboxStore = ReturnType<typeof createOutboxStore>;
