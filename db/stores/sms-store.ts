// Inbound SMS: the ledger that answers a retried webhook once, the inbox of replies the engine could not
// answer in time, and the throttle on help texts.
import type { Knex } from 'knex';

export type InboundClaim = { state: 'claimed' } | { state: 'answered'; answer: string | null } | { state: 'in-flight' };

export interface InboxItem {
  id: number;
  messageSid: string;
  fromPhone: string;
  offerId: string | null;
  action: 'accept' | 'decline' | null;
  /** The task queue whose workers finish it (null: kept before queues were recorded; any worker). */
  taskQueue: string | null;
  status: 'pending' | 'done';
  result: string | null;
  attempts: number;
  receivedAt: Date;
}

const toInboxItem = (r: Record<string, any>): InboxItem => ({
  id: Number(r.id),
  messageSid: r.message_sid,
  fromPhone: r.from_phone,
  offerId: r.offer_id,
  action: r.action,
  taskQueue: r.task_queue,
  status: r.status,
  result: r.result,
  attempts: r.attempts,
  receivedAt: r.received_at,
});

export function createSmsStore(db: Knex) {
  return {
    /**
     * Claims the processing of one inbound message. A message already answered returns its answer (a
     * retried webhook hears the same thing); one claimed by a request that died is claimed again once its
     * lease is over.
     */
    async claimInbound(messageSid: string, fromPhone: string, leaseMs: number): Promise<InboundClaim> {
      const { rows } = await db.raw<{ rows: unknown[] }>(
        `insert into sms_inbound (message_sid, from_phone) values (:messageSid, :fromPhone)
         on conflict (message_sid) do update set claimed_at = now()
           where sms_inbound.answered_at is null and sms_inbound.claimed_at < now() - make_interval(secs => :leaseS)
         returning message_sid`,
        { messageSid, fromPhone, leaseS: leaseMs / 1000 },
      );
      if (rows.length === 1) return { state: 'claimed' };
      const row = await db('sms_inbound').where({ message_sid: messageSid }).first('answer', 'answered_at');
      return row?.answered_at ? { state: 'answered', answer: row.answer } : { state: 'in-flight' };
    },
    async answerInbound(messageSid: string, outcome: string, answer: string | null): Promise<void> {
      await db('sms_inbound').where({ message_sid: messageSid }).update({ outcome, answer, answered_at: new Date() });
    },
    /** Processing failed before an answer: a retry may try again at once. */
    async releaseInbound(messageSid: string): Promise<void> {
      await db('sms_inbound').where({ message_sid: messageSid }).whereNull('answered_at').delete();
    },
    async getInbound(
      messageSid: string,
    ): Promise<{ outcome: string | null; answer: string | null; answeredAt: Date | null } | undefined> {
      const row = await db('sms_inbound').where({ message_sid: messageSid }).first();
      return row && { outcome: row.outcome, answer: row.answer, answeredAt: row.answered_at };
    },

    /** True (and the clock restarts) when this phone was not sent a help text in the last everyMs. */
    async allowHelp(phone: string, everyMs: number): Promise<boolean> {
      const { rows } = await db.raw<{ rows: unknown[] }>(
        `insert into sms_reply_throttle (phone, last_help_at) values (:phone, now())
         on conflict (phone) do update set last_help_at = now()
           where sms_reply_throttle.last_help_at <= now() - make_interval(secs => :everyS)
         returning phone`,
        { phone, everyS: everyMs / 1000 },
      );
      return rows.length === 1;
    },

    /** Keeps a reply for the drainer; a retried webhook stores it once. */
    async enqueue(input: {
      messageSid: string;
      fromPhone: string;
      body: string;
      offerId: string;
      action: 'accept' | 'decline';
      taskQueue: string;
    }): Promise<void> {
      await db('sms_inbox')
        .insert({
          message_sid: input.messageSid,
          from_phone: input.fromPhone,
          body: input.body,
          offer_id: input.offerId,
          action: input.action,
          task_queue: input.taskQueue,
        })
        .onConflict('message_sid')
        .ignore();
    },
    /** Replies waiting for the engine, and how long the oldest has waited (for the metrics). */
    async inboxBacklog(): Promise<{ count: number; oldestSeconds: number }> {
      const row = await db('sms_inbox')
        .where({ status: 'pending' })
        .first(
          db.raw('count(*)::int as count'),
          db.raw('coalesce(extract(epoch from now() - min(received_at)), 0)::float8 as oldest'),
        );
      return { count: Number(row?.count ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
    },
    /** The oldest pending replies of this task queue no other drainer holds, now held by this one for leaseMs. */
    async claimPending(opts: { taskQueue: string; limit: number; leaseMs: number }): Promise<InboxItem[]> {
      const { rows } = await db.raw<{ rows: Record<string, any>[] }>(
        `update sms_inbox set attempts = attempts + 1, locked_until = now() + make_interval(secs => :leaseS)
         where id in (
           select id from sms_inbox
           where status = 'pending' and (locked_until is null or locked_until < now())
             and (task_queue = :taskQueue or task_queue is null)
           order by received_at limit :limit
           for update skip locked)
         returning *`,
        { leaseS: opts.leaseMs / 1000, limit: opts.limit, taskQueue: opts.taskQueue },
      );
      return rows.map(toInboxItem).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },
    async finish(id: number, result: string): Promise<void> {
      await db('sms_inbox')
        .where({ id, status: 'pending' })
        .update({ status: 'done', result, processed_at: new Date(), locked_until: null });
    },
    /** Not finished this time: the next poll tries again. */
    async release(id: number): Promise<void> {
      await db('sms_inbox').where({ id, status: 'pending' }).update({ locked_until: null });
    },
    async getInboxItem(messageSid: string): Promise<InboxItem | undefined> {
      const row = await db('sms_inbox').where({ message_sid: messageSid }).first();
      return row && toInboxItem(row);
    },
  };
}
export type SmsStore = ReturnType<typeof createSmsStore>;
