// The idempotency ledger for every message the product sends.
import type { Knex } from 'knex';

export type ClaimResult = 'claimed' | 'already-sent' | 'in-doubt';

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
        .update({ status: 'sending', attempts: db.raw('attempts + 1') });
      if (claimed === 1) return 'claimed';
      const row = await db('notifications').where({ idempotency_key: input.key }).first('status');
      return row?.status === 'sent' ? 'already-sent' : 'in-doubt';
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
        .update({ status: 'failed', error: error.slice(0, 500) });
    },
    async countSent(requestId: string): Promise<number> {
      const [{ count }] = await db('notifications').where({ request_id: requestId, status: 'sent' }).count();
      return Number(count);
    },
  };
}
export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
