import type { Knex } from 'knex';
import { hashToken, newToken } from '../secrets';
import type { Offer } from '../../domain/types';
import { preparedRaw } from '../prepared';

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

/**
 * The columns an offer is read with, named: a prepared statement that returned `*` would fail ("cached plan must not
 * change result type") on every pooled connection once a migration adds a column to offers.
 */
const OFFER_COLUMNS = 'id, request_id, counselor_id, wave, channel, status, phone, reply_code, assigned_by, created_at';

const UNIQUE_VIOLATION = '23505';
/** The first key of the transaction locks that order reply-code allocation per phone (any fixed number). */
const REPLY_CODE_LOCK_CLASS = 7301;

export function createOffersStore(db: Knex) {
  /**
   * Opens the offers (or reopens the ones an earlier round or a crashed attempt opened) and mints a new
   * link token for each message about to be sent; only its hash is kept. Links sent earlier keep working.
   * Offers sent by SMS get a reply code for that phone: the smallest one no other open offer to that phone
   * holds, offers to the same phone in one call the smallest free numbers in input order. Results in input order.
   *
   * One statement writes each offer with its code (it used to be an insert, then an update for the code). Waves to
   * the same phones take their codes one after another (a transaction lock per phone, taken in one order so two
   * waves cannot deadlock), so they never collide and never retry; the free numbers are found through the partial
   * unique index, so a phone with hundreds of open offers costs an index probe per number, not a scan.
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
    const phones = [...new Set(input.recipients.flatMap((r) => (r.phone ? [r.phone] : [])))];
    // Every message carries a link of its own: the tokens are made here and their hashes stored with the offers.
    const tokens = input.recipients.map(() => newToken());
    const items = JSON.stringify(
      input.recipients.map((r, ord) => ({
        counselor_id: r.counselorId,
        phone: r.phone || null,
        ord,
        token_hash: hashToken(tokens[ord]),
      })),
    );
    // Once the request has a winner, an offer made by a late retry is born taken and a closed one stays
    // closed; without one (a new request, or one back in dispatch after a refusal) taken/expired reopen.
    const assigned = 'exists (select 1 from assignments a where a.request_id = :requestId)';
    const reopens = `offers.status in ('taken', 'expired') and not ${assigned}`;
    const open = async (q: Knex | Knex.Transaction) => {
      if (phones.length > 0)
        await preparedRaw(
          q,
          `select pg_advisory_xact_lock(:lockClass, h)
           from (select distinct hashtext(p) as h from unnest(:phones::text[]) as p order by 1 offset 0) locks`,
          { lockClass: REPLY_CODE_LOCK_CLASS, phones },
        );
      const { rows } = await preparedRaw<{ rows: OfferRow[] }>(
        q,
        `with w as (select * from jsonb_to_recordset(:items::jsonb) as w(counselor_id uuid, phone text, ord int, token_hash text)),
         -- Who gets a code now: open (or reopened) offers by SMS, but not one keeping its code on the same phone.
         need as (
           select w.counselor_id, w.phone, row_number() over (partition by w.phone order by w.ord) as k
           from w
           where w.phone is not null and not ${assigned}
             and not exists (
               select 1 from offers o
               where o.request_id = :requestId and o.counselor_id = w.counselor_id
                 and ((o.status = 'open' and o.phone = w.phone and o.reply_code is not null)
                      or o.status not in ('open', 'taken', 'expired')))),
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
             where o.phone = p.phone and o.reply_code = g.n and o.status = 'open' and o.reply_code is not null)),
         coded as (select need.counselor_id, need.phone, free.n from need join free on free.phone = need.phone and free.k = need.k),
         opened as (
         insert into offers as offers (request_id, counselor_id, wave, channel, status, phone, reply_code)
         select :requestId, w.counselor_id, :wave, :channel,
                case when ${assigned} then 'taken' else 'open' end, coded.phone, coded.n
         from w left join coded on coded.counselor_id = w.counselor_id
         -- In counselor order, so two calls for one request (a retry racing its earlier attempt) cannot deadlock.
         order by w.counselor_id
         on conflict (request_id, counselor_id) do update set
           status = case when ${reopens} then 'open' else offers.status end,
           closed_at = case when ${reopens} then null else offers.closed_at end,
           -- A reopened offer gives up the code it had while closed (another open offer to that phone may hold it
           -- now) for the free one found above, like a new offer; so does one moving to another phone.
           phone = case when excluded.reply_code is not null then excluded.phone else offers.phone end,
           reply_code = case when excluded.reply_code is not null then excluded.reply_code
                             when ${reopens} then null else offers.reply_code end
         returning ${OFFER_COLUMNS}),
         -- The links in the same statement: one round trip fewer before the first SMS.
         links as (insert into offer_links (token_hash, offer_id)
                   select w.token_hash, opened.id from opened join w on w.counselor_id = opened.counselor_id)
         select ${OFFER_COLUMNS} from opened`,
        { items, requestId: input.requestId, wave: input.wave, channel: input.channel },
      );
      return rows;
    };
    let rows: OfferRow[] | undefined;
    for (let attempt = 0; attempt < 10 && !rows; attempt++) {
      try {
        rows = phones.length > 0 ? await db.transaction((trx) => open(trx)) : await open(db);
      } catch (err) {
        // A backstop: every allocation takes the locks, so a collision would be a code set some other way.
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
    if (!rows) throw new Error('Could not allocate a reply code');
    const byCounselor = new Map(rows.map((r) => [r.counselor_id, r]));
    const opened = input.recipients.map((r) => byCounselor.get(r.counselorId) as OfferRow);
    for (const [i, row] of opened.entries()) {
      const phone = input.recipients[i].phone;
      if (phone && row.status === 'open' && (row.reply_code === null || row.phone !== phone))
        throw new Error('Could not allocate a reply code');
    }
    return opened.map((row, i) => ({ offer: toOffer(row), token: tokens[i] }));
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
    /**
     * The offers this phone won, newest first (a first-contact reply "C12" names one by its reply code, which a
     * won offer keeps; a later open offer may reuse the number, so the newest won one is meant).
     */
    async listWonForPhone(phone: string, code?: number): Promise<Offer[]> {
      const rows = await db<OfferRow>('offers')
        .where({ phone, status: 'won' })
        .modify((q) => (code === undefined ? q.whereNotNull('reply_code') : q.where({ reply_code: code })))
        .orderBy('created_at', 'desc')
        .limit(20);
      return rows.map(toOffer);
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
