// The idempotency ledger for every message the product sends.
import type { Knex } from 'knex';
import { redact } from '../../domain/redact';
import { preparedRaw } from '../prepared';

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
  channel: string;
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
  channel: string;
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
    /** Whether this person was sent an alert about this request (the on-call lead's urgent or escalation alerts). */
    async wasAlerted(requestId: string, userId: string): Promise<boolean> {
      const row = await db('notifications')
        .where({ request_id: requestId, user_id: userId })
        .where('purpose', 'like', 'alert-%')
        .first('id');
      return row !== undefined;
    },
    /**
     * Claims the right to send under each key, in one statement; results in input order. A key already
     * sent is never sent again. A key left 'sending' by a process that died mid-call is in doubt: the
     * provider may have taken it, so it is not sent again either (at most once); the caller settles that.
     * A new key or one pending or failed is claimed: 'sending', one more attempt, claimed now.
     */
    async claimMany(
      inputs: {
        key: string;
        requestId: string | null;
        userId: string | null;
        channel: string;
        purpose: string;
      }[],
    ): Promise<ClaimResult[]> {
      if (inputs.length === 0) return [];
      if (new Set(inputs.map((i) => i.key)).size !== inputs.length)
        throw new Error('A key is claimed twice in one batch');
      // Rows are locked in key order, so two batches sharing keys (a retry racing its earlier attempt) cannot
      // deadlock. The outer select reads the rows as they were before this statement: a row it does not claim shows
      // the status that kept it from being claimed (a row another process inserted meanwhile shows none: in doubt).
      const { rows } = await preparedRaw<{ rows: { key: string; claimed: boolean; status: string | null }[] }>(
        db,
        `with input as (
           select * from jsonb_to_recordset(:inputs::jsonb)
             as i(key text, request_id uuid, user_id uuid, channel text, purpose text, ord int)),
         claimed as (
           insert into notifications (idempotency_key, request_id, user_id, channel, purpose, status, attempts, claimed_at)
           select key, request_id, user_id, channel, purpose, 'sending', 1, :now::timestamptz from input order by key
           on conflict (idempotency_key) do update
             set status = 'sending', attempts = notifications.attempts + 1, claimed_at = :now::timestamptz, body_hash = null
             where notifications.status in ('pending', 'failed')
           returning idempotency_key)
         select i.key, c.idempotency_key is not null as claimed, n.status
         from input i
         left join claimed c on c.idempotency_key = i.key
         left join notifications n on n.idempotency_key = i.key
         order by i.ord`,
        {
          now: new Date(),
          inputs: JSON.stringify(
            inputs.map((i, ord) => ({
              key: i.key,
              request_id: i.requestId,
              user_id: i.userId,
              channel: i.channel,
              purpose: i.purpose,
              ord,
            })),
          ),
        },
      );
      return rows.map((r) => (r.claimed ? 'claimed' : r.status === 'sent' ? 'already-sent' : 'in-doubt'));
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
    /** Recorded just before the provider calls, one hash per key. */
    async setBodyHashes(hashes: { key: string; bodyHash: string }[]): Promise<void> {
      if (hashes.length === 0) return;
      // claimed_at moves to now too: the in-doubt age counts from the provider call, not the claim.
      await preparedRaw(
        db,
        `update notifications n set body_hash = h.body_hash, claimed_at = :now::timestamptz
         from jsonb_to_recordset(:hashes::jsonb) as h(key text, body_hash text)
         where n.idempotency_key = h.key`,
        { now: new Date(), hashes: JSON.stringify(hashes.map((h) => ({ key: h.key, body_hash: h.bodyHash }))) },
      );
    },
    async markSentMany(sent: { key: string; providerId: string | null }[]): Promise<void> {
      if (sent.length === 0) return;
      await preparedRaw(
        db,
        `update notifications n set status = 'sent', provider_id = s.provider_id, sent_at = :now::timestamptz, error = null
         from jsonb_to_recordset(:sent::jsonb) as s(key text, provider_id text)
         where n.idempotency_key = s.key`,
        { now: new Date(), sent: JSON.stringify(sent.map((s) => ({ key: s.key, provider_id: s.providerId }))) },
      );
    },
    /** The provider refused them for sure (or nothing reached it), so a retry may send them. */
    async markFailedMany(failed: { key: string; error: string }[]): Promise<void> {
      if (failed.length === 0) return;
      await preparedRaw(
        db,
        `update notifications n set status = 'failed', error = f.error
         from jsonb_to_recordset(:failed::jsonb) as f(key text, error text)
         where n.idempotency_key = f.key`,
        {
          // Provider errors quote the number or address they refused: kept out of what coordinators read.
          failed: JSON.stringify(failed.map((f) => ({ key: f.key, error: redact(f.error).slice(0, 500) }))),
        },
      );
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
    /** A message in doubt found at the provider: sent, unless another row holds that provider message already. */
    async markSentIfUnheld(key: string, providerId: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        // Two rows in doubt with the same words to one phone (a "covered" text for two requests) may settle on the
        // same provider message at once: one at a time per message, so the second sees the first's row and leaves
        // it (its own text is then sent again). Without the lock both checks pass and one text is lost.
        await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`provider-message:${providerId}`]);
        const n = await trx('notifications')
          .where({ idempotency_key: key, status: 'sending' })
          .whereNotExists(trx('notifications as held').where('held.provider_id', providerId).select(trx.raw('1')))
          .update({ status: 'sent', provider_id: providerId, sent_at: new Date(), error: null });
        return n === 1;
      });
    },
    /** Which of these provider ids the ledger already holds for a message. */
    async recordedProviderIds(providerIds: string[]): Promise<Set<string>> {
      if (providerIds.length === 0) return new Set();
      const rows: { provider_id: string }[] = await db('notifications')
        .whereIn('provider_id', providerIds)
        .select('provider_id');
      return new Set(rows.map((r) => r.provider_id));
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
