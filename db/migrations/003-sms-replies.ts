// SMS replies: a ledger of inbound messages so a webhook Twilio retries is answered once and the same way,
// and what the inbox drainer needs to finish a reply later without parsing it again.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per inbound MessageSid. answered_at null: being processed (claimed_at is the lease).
  await knex.schema.createTable('sms_inbound', (t) => {
    t.text('message_sid').primary();
    t.text('from_phone').notNullable();
    t.text('outcome');
    // The text of the TwiML answer; null with answered_at set means an empty answer.
    t.text('answer');
    t.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
  });

  await knex.schema.alterTable('sms_inbox', (t) => {
    // The offer the reply named and what to do with it, decided when it arrived.
    t.uuid('offer_id').references('offers.id').onDelete('cascade');
    t.text('action').checkIn(['accept', 'decline']);
    // A drainer holds a row until then, so two workers do not process it at once.
    t.timestamp('locked_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_inbox', (t) => t.dropColumns('offer_id', 'action', 'locked_until'));
  await knex.schema.dropTable('sms_inbound');
}
