import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';
import type { Offer } from '../types';

interface OfferRow {
  id: string;
  request_id: string;
  counselor_id: string;
  wave: number;
  channel: string;
  token_hash: string;
  status: Offer['status'];
  created_at: Date;
}

const toOffer = (r: OfferRow): Offer => ({
  id: r.id,
  requestId: r.request_id,
  counselorId: r.counselor_id,
  wave: r.wave,
  channel: r.channel,
  status: r.status,
  createdAt: r.created_at,
});

export function createOffersStore(db: Knex) {
  return {
    /**
     * Opens the offer (or finds the one a crashed attempt opened) and issues a fresh link token.
     * Only the token's hash is kept, so a retry that still has to send gets a new working token.
     */
    async openWithToken(input: {
      requestId: string;
      counselorId: string;
      wave: number;
      channel: string;
    }): Promise<{ offer: Offer; token: string }> {
      const token = newToken();
      const [row] = await db<OfferRow>('offers')
        .insert({
          request_id: input.requestId,
          counselor_id: input.counselorId,
          wave: input.wave,
          channel: input.channel,
          token_hash: hashToken(token),
        })
        .onConflict(['request_id', 'counselor_id'])
        .merge({ token_hash: hashToken(token) })
        .returning('*');
      return { offer: toOffer(row), token };
    },
    async getByToken(token: string): Promise<Offer | undefined> {
      const row = await db<OfferRow>('offers')
        .where({ token_hash: hashToken(token) })
        .first();
      return row && toOffer(row);
    },
    async listOpenForCounselor(counselorId: string): Promise<Offer[]> {
      const rows = await db<OfferRow>('offers')
        .where({ counselor_id: counselorId, status: 'open' })
        .orderBy('created_at', 'desc');
      return rows.map(toOffer);
    },
    async listForRequest(requestId: string): Promise<Offer[]> {
      const rows = await db<OfferRow>('offers').where({ request_id: requestId }).orderBy('created_at');
      return rows.map(toOffer);
    },
  };
}
export type OffersStore = ReturnType<typeof createOffersStore>;
