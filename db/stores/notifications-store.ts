// The idempotency ledger for every message the product sends.
import type { Knex } from 'knex';
import { redact } from '../redact';

export type ClaimResult = 'claimed' | 'already-sent' | 'in-doubt';

/** What the provider reports after accepting a message (Twilio's MessageStatus values that matter here). */
export const DELIVERY_STATUSES = [
  'accepted',
  'queued',
  'sending',
  'sent',
  'failed',
  'undelivered',
  'delivered',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Receipts only move forward: queued < sending < sent < failed/undelivered < delivered. The failures are
 * final (nothing but delivered replaces them), and delivered is never undone.
 */
export const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  accepted: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  failed: 4,
  undelivered: 4,
  delivered: 5,
};

const DELIVERY_RANK_SQL = (expr: string) =>
  `(case ${expr}${expr.startsWith(':') ? '::text' : ''} ${Object.entries(DELIVERY_RANK)
    .map(([status, rank]) => `when '${status}' then ${rank}`)
    .join(' ')} else 0 end)`;

export interface NotificationRecord {
  requestId: string | null;
  userId: string | null;
  channel: 'sms' | 'email';
  purpose: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  deliveryStatus: DeliveryStatus | null;
  error: string | null;
  providerId: string | null;
  sentAt: Date | null;
}

interface NotificationRow {
  request_id: string | null;
  user_id: string | null;
  channel: 'sms' | 'email';
  purpose: string;
  status: NotificationRecord['status'];
  delivery_status: DeliveryStatus | null;
  error: string | null;
  provider_id: string | null;
  sent_at: Date | null;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  requestId: r.request_id,
  userId: r.user_id,
  channel: r.channel,
  purpose: r.purpose,
  status: r.status,
  deliveryStatus: r.delivery_status,
  error: r.error,
  providerId: r.provider_id,
  sentAt: r.sent_at,
});

export function createNotificationsStore(db: Knex) {
  return {
    /**
     * Claims the right to send under this key. A key already sent is never sent again. A key left
     * 'sending' by a process that died mid-call is in doubt: the provider may have taken it, so it is
     * not sent again either (at most once); the caller records that.
     */
    async claim(input: {
      key: string;
      requestId: string | null;
      userId: string | null;
      channel: 'sms' | 'email';
      purpose: string;
    }): Promise<ClaimResult> {
      await db('notifications')
        .insert({
          idempotency_key: input.key,
          request_id: input.requestId,
          user_id: input.userId,
          channel: input.channel,
          purpose: input.purpose,
        })
        .onConflict('idempotency_key')
        .ignore();
      const claimed = await db('notifications')
        .where({ idempotency_key: input.key })
        .whereIn('status', ['pending', 'failed'])
        .update({ status: 'sending', attempts: db.raw('attempts + 1'), claimed_at: new Date(), body_hash: null });
      if (claimed === 1) return 'claimed';
      const row = await db('notifications').where({ idempotency_key: input.key }).first('status');
      return row?.status === 'sent' ? 'already-sent' : 'in-doubt';
    },
    /** When a send left in doubt was claimed, and the hash of the text it handed the provider (if it got that far). */
    async inDoubt(key: string): Promise<{ claimedAt: Date; bodyHash: string | null } | undefined> {
      const row = await db('notifications')
        .where({ idempotency_key: key, status: 'sending' })
        .first('claimed_at', 'body_hash');
      return row && { claimedAt: row.claimed_at ?? new Date(0), bodyHash: row.body_hash };
    },
    /** Takes over a send left in doubt (only if nobody else did since); false when someone else has it. */
    async reclaimInDoubt(key: string, claimedAt: Date): Promise<boolean> {
      const n = await db('notifications')
        .where({ idempotency_key: key, status: 'sending', claimed_at: claimedAt })
        .update({ claimed_at: new Date(), body_hash: null, attempts: db.raw('attempts + 1') });
      return n === 1;
    },
    /** Recorded just before the provider call. */
    async setBodyHash(key: string, bodyHash: string): Promise<void> {
      // claimed_at moves to now too: the in-doubt age counts from the provider call, not the claim.
      await db('notifications').where({ idempotency_key: key }).update({ body_hash: bodyHash, claimed_at: new Date() });
    },
    async markSent(key: string, providerId: string | null): Promise<void> {
      await db('notifications')
        .where({ idempotency_key: key })
        .update({ status: 'sent', provider_id: providerId, sent_at: new Date(), error: null });
    },
    /** The provider refused it for sure, so a retry may send it. */
    async markFailed(key: string, error: string): Promise<void> {
      await db('notifications')
        .where({ idempotency_key: key })
        // Provider errors quote the number or address they refused: kept out of what coordinators read.
        .update({ status: 'failed', error: redact(error).slice(0, 500) });
    },
    /**
     * Records a provider's delivery receipt. Receipts arrive duplicated and out of order, so a status only
     * replaces one of lower rank (a late "sent" never undoes "delivered"). Returns the notification when
     * the status changed, else undefined.
     */
    async applyDeliveryStatus(
      providerId: string,
      status: DeliveryStatus,
      error: string | null,
    ): Promise<NotificationRecord | undefined> {
      const { rows } = await db.raw<{ rows: NotificationRow[] }>(
        `update notifications set delivery_status = :status, delivery_updated_at = now(),
           error = coalesce(:error::text, error)
         where provider_id = :providerId and ${DELIVERY_RANK_SQL('delivery_status')} < ${DELIVERY_RANK_SQL(':status')}
         returning *`,
        { providerId, status, error },
      );
      return rows[0] && toRecord(rows[0]);
    },
    async existsForProvider(providerId: string): Promise<boolean> {
      return (await db('notifications').where({ provider_id: providerId }).first('id')) !== undefined;
    },
    /** Every message sent about a request, oldest first: what coordinators see of deliveries. */
    async listForRequest(requestId: string): Promise<NotificationRecord[]> {
      const rows: NotificationRow[] = await db('notifications').where({ request_id: requestId }).orderBy('id');
      return rows.map(toRecord);
    },
  };
}
export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
