import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';
import type { Offer } from '../types';

interface OfferRow {
  id: string;
  request_id: string;
  counselor_id: string;
  wave: number;
  channel: string;
  status: Offer['status'];
  phone: string | null;
  reply_code: number | null;
  assigned_by: string | null;
  created_at: Date;
}

const toOffer = (r: OfferRow): Offer => ({
  id: r.id,
  requestId: r.request_id,
  counselorId: r.counselor_id,
  wave: r.wave,
  channel: r.channel,
  status: r.status,
  phone: r.phone,
  replyCode: r.reply_code,
  assignedBy: r.assigned_by,
  createdAt: r.created_at,
});

const UNIQUE_VIOLATION = '23505';

export function createOffersStore(db: Knex) {
  /**
   * The smallest reply code no other open offer to this phone holds. Two waves allocating for the same
   * phone at once collide on the partial unique index; the loser tries again with the next free number.
   */
  async function allocateReplyCode(offerId: string, phone: string): Promise<number> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const { rows } = await db.raw<{ rows: { code: number }[] }>(
        `select min(n)::int as code from generate_series(1, 1 + (
           select count(*) from offers where phone = :phone and status = 'open' and reply_code is not null)) n
         where n not in (
           select reply_code from offers where phone = :phone and status = 'open' and reply_code is not null and id <> :offerId)`,
        { phone, offerId },
      );
      const code = rows[0].code;
      try {
        await db('offers').where({ id: offerId }).update({ phone, reply_code: code });
        return code;
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
    throw new Error('Could not allocate a reply code');
  }

  return {
    /**
     * Opens the offer (or reopens the one an earlier round or a crashed attempt opened) and mints a new
     * link token for the message about to be sent; only its hash is kept. Links sent earlier keep working.
     * Offers sent by SMS get a reply code for that phone.
     */
    async openWithToken(input: {
      requestId: string;
      counselorId: string;
      wave: number;
      channel: string;
      phone?: string | null;
    }): Promise<{ offer: Offer; token: string }> {
      const token = newToken();
      // Once the request has a winner, an offer made by a late retry is born taken and a closed one stays
      // closed; without one (a new request, or one back in dispatch after a refusal) taken/expired reopen.
      const assigned = db.raw('exists (select 1 from assignments a where a.request_id = ?)', [input.requestId]);
      const [row]: OfferRow[] = await db('offers')
        .insert({
          request_id: input.requestId,
          counselor_id: input.counselorId,
          wave: input.wave,
          channel: input.channel,
          status: db.raw("case when ? then 'taken' else 'open' end", [assigned]),
        })
        .onConflict(['request_id', 'counselor_id'])
        .merge({
          status: db.raw(
            "case when offers.status in ('taken', 'expired') and not ? then 'open' else offers.status end",
            [assigned],
          ),
          closed_at: db.raw(
            "case when offers.status in ('taken', 'expired') and not ? then null else offers.closed_at end",
            [assigned],
          ),
        })
        .returning('*');
      await db('offer_links').insert({ token_hash: hashToken(token), offer_id: row.id });
      if (input.phone && row.status === 'open' && (row.reply_code === null || row.phone !== input.phone)) {
        row.reply_code = await allocateReplyCode(row.id, input.phone);
        row.phone = input.phone;
      }
      return { offer: toOffer(row), token };
    },
    async getByToken(token: string): Promise<Offer | undefined> {
      const row = await db<OfferRow>('offers')
        .join('offer_links as l', 'l.offer_id', 'offers.id')
        .where('l.token_hash', hashToken(token))
        .first('offers.*');
      return row && toOffer(row);
    },
    async getById(id: string): Promise<Offer | undefined> {
      const row = await db<OfferRow>('offers').where({ id }).first();
      return row && toOffer(row);
    },
    async getFor(requestId: string, counselorId: string): Promise<Offer | undefined> {
      const row = await db<OfferRow>('offers').where({ request_id: requestId, counselor_id: counselorId }).first();
      return row && toOffer(row);
    },
    /** The open offers whose SMS went to this phone, oldest first (their reply codes are what the phone can answer). */
    async listOpenForPhone(phone: string): Promise<Offer[]> {
      const rows = await db<OfferRow>('offers')
        .where({ phone, status: 'open' })
        .whereNotNull('reply_code')
        .orderBy('reply_code');
      return rows.map(toOffer);
    },
    /** The offer a reply code names: open or, so a late reply can be told the outcome, the latest closed one. */
    async findByReplyCode(phone: string, code: number): Promise<Offer | undefined> {
      const row = await db<OfferRow>('offers')
        .where({ phone, reply_code: code })
        .orderByRaw("(status = 'open') desc, created_at desc")
        .first();
      return row && toOffer(row);
    },
    /** Records a decline; false when the offer was no longer open. */
    async decline(offerId: string): Promise<boolean> {
      const n = await db('offers')
        .where({ id: offerId, status: 'open' })
        .update({ status: 'declined', closed_at: new Date() });
      return n === 1;
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
