import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';
import type { Offer } from '../../domain/types';

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
/** The first key of the transaction locks that order reply-code allocation per phone (any fixed number). */
const REPLY_CODE_LOCK_CLASS = 7301;

export function createOffersStore(db: Knex) {
  /**
   * Gives each offer (id, phone) the smallest reply code no other open offer to that phone holds; offers
   * to the same phone in one call get the smallest free numbers in input order. Waves to the same phones take
   * their codes one after another (a transaction lock per phone, taken in one order so two waves cannot
   * deadlock), so they never collide and never retry; the free numbers are found through the partial unique
   * index, so a phone with hundreds of open offers costs an index probe per number, not a scan.
   */
  async function allocateReplyCodes(wanted: { id: string; phone: string }[]): Promise<Map<string, number>> {
    if (wanted.length === 0) return new Map();
    const items = JSON.stringify(wanted.map((w, ord) => ({ id: w.id, phone: w.phone, ord })));
    const phones = [...new Set(wanted.map((w) => w.phone))];
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        return await db.transaction(async (trx) => {
          await trx.raw(
            `select pg_advisory_xact_lock(:lockClass, h)
             from (select distinct hashtext(p) as h from unnest(:phones::text[]) as p order by 1 offset 0) locks`,
            { lockClass: REPLY_CODE_LOCK_CLASS, phones },
          );
          const { rows } = await trx.raw<{ rows: { id: string; code: number }[] }>(
            `with need as (
               select id, phone, row_number() over (partition by phone order by ord) as k
               from jsonb_to_recordset(:items::jsonb) as w(id uuid, phone text, ord int)),
             per_phone as (select phone, count(*) as wanted from need group by phone),
             free as (
               select p.phone, g.n, row_number() over (partition by p.phone order by g.n) as k
               from per_phone p
               cross join lateral generate_series(1, p.wanted + (
                 select count(*) from offers o
                 where o.phone = p.phone and o.status = 'open' and o.reply_code is not null)) as g(n)
               -- An offer in this call that moves from another phone still holds its old code until it moves.
               where not exists (
                 select 1 from offers o
                 where o.phone = p.phone and o.reply_code = g.n and o.status = 'open' and o.reply_code is not null))
             update offers o set phone = need.phone, reply_code = free.n
             from need join free on free.phone = need.phone and free.k = need.k
             where o.id = need.id
             returning o.id, o.reply_code::int as code`,
            { items },
          );
          return new Map(rows.map((r) => [r.id, r.code]));
        });
      } catch (err) {
        // A backstop: every allocation takes the locks, so a collision would be a code set some other way.
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
    throw new Error('Could not allocate a reply code');
  }

  /**
   * Opens the offers (or reopens the ones an earlier round or a crashed attempt opened) and mints a new
   * link token for each message about to be sent; only its hash is kept. Links sent earlier keep working.
   * Offers sent by SMS get a reply code for that phone. Results in input order.
   */
  async function openManyWithTokens(input: {
    requestId: string;
    wave: number;
    channel: string;
    recipients: { counselorId: string; phone?: string | null }[];
  }): Promise<{ offer: Offer; token: string }[]> {
    if (input.recipients.length === 0) return [];
    const counselorIds = input.recipients.map((r) => r.counselorId);
    if (new Set(counselorIds).size !== counselorIds.length) throw new Error('A counselor is offered twice in one call');
    // Once the request has a winner, an offer made by a late retry is born taken and a closed one stays
    // closed; without one (a new request, or one back in dispatch after a refusal) taken/expired reopen.
    const assigned = db.raw('exists (select 1 from assignments a where a.request_id = ?)', [input.requestId]);
    const rows: OfferRow[] = await db('offers')
      .insert(
        // In counselor order, so two calls for one request (a retry racing its earlier attempt) cannot deadlock.
        [...input.recipients]
          .sort((x, y) => x.counselorId.localeCompare(y.counselorId))
          .map((r) => ({
            request_id: input.requestId,
            counselor_id: r.counselorId,
            wave: input.wave,
            channel: input.channel,
            status: db.raw("case when ? then 'taken' else 'open' end", [assigned]),
          })),
      )
      .onConflict(['request_id', 'counselor_id'])
      .merge({
        status: db.raw("case when offers.status in ('taken', 'expired') and not ? then 'open' else offers.status end", [
          assigned,
        ]),
        closed_at: db.raw(
          "case when offers.status in ('taken', 'expired') and not ? then null else offers.closed_at end",
          [assigned],
        ),
        // A reopened offer gives up the code it had while closed: another open offer to that phone may hold it
        // now. It gets the smallest free one below, under the allocation's lock, like a new offer.
        reply_code: db.raw(
          "case when offers.status in ('taken', 'expired') and not ? then null else offers.reply_code end",
          [assigned],
        ),
      })
      .returning('*');
    const byCounselor = new Map(rows.map((r) => [r.counselor_id, r]));
    const opened = input.recipients.map((r) => ({ row: byCounselor.get(r.counselorId) as OfferRow, phone: r.phone }));
    const tokens = opened.map(() => newToken());
    await db('offer_links').insert(
      opened.map(({ row }, i) => ({ token_hash: hashToken(tokens[i]), offer_id: row.id })),
    );
    const needsCode = opened.filter(
      ({ row, phone }) => phone && row.status === 'open' && (row.reply_code === null || row.phone !== phone),
    );
    const codes = await allocateReplyCodes(needsCode.map(({ row, phone }) => ({ id: row.id, phone: phone as string })));
    for (const { row, phone } of needsCode) {
      const code = codes.get(row.id);
      if (code === undefined) throw new Error('Could not allocate a reply code');
      row.reply_code = code;
      row.phone = phone as string;
    }
    return opened.map(({ row }, i) => ({ offer: toOffer(row), token: tokens[i] }));
  }

  return {
    openManyWithTokens,
    /** One offer: see openManyWithTokens. */
    async openWithToken(input: {
      requestId: string;
      counselorId: string;
      wave: number;
      channel: string;
      phone?: string | null;
    }): Promise<{ offer: Offer; token: string }> {
      const [opened] = await openManyWithTokens({
        requestId: input.requestId,
        wave: input.wave,
        channel: input.channel,
        recipients: [{ counselorId: input.counselorId, phone: input.phone }],
      });
      return opened;
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
