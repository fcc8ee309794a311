// Escalating dispatch: quiet hours and channel preferences, SMS reply codes, delivery receipts,
// the inbound-SMS inbox, STOP handling, per-workspace message templates.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('counselor_profiles', (t) => {
    // Local wall-clock times in time_zone; a window may wrap midnight (22:00-07:00).
    t.time('quiet_start');
    t.time('quiet_end');
    t.text('time_zone').notNullable().defaultTo('UTC');
    t.boolean('urgent_sms_opt_in').notNullable().defaultTo(false);
    t.text('preferred_language').notNullable().defaultTo('en');
  });

  await knex.schema.alterTable('users', (t) => {
    // Set when the phone sent STOP: no SMS goes to it until START.
    t.timestamp('sms_stopped_at', { useTz: true });
  });

  await knex.schema.alterTable('offers', (t) => {
    // The per-phone reply code ("A12"): the smallest number not used by another open offer to that phone.
    t.text('phone');
    t.integer('reply_code');
    t.uuid('assigned_by');
  });
  await knex.raw(
    "create unique index offers_open_reply_code on offers (phone, reply_code) where status = 'open' and reply_code is not null",
  );
  await knex.raw("create index offers_open_by_phone on offers (phone) where status = 'open'");

  await knex.schema.alterTable('notifications', (t) => {
    t.text('delivery_status');
    t.timestamp('delivery_updated_at', { useTz: true });
    t.index(['provider_id']);
  });

  await knex.schema.alterTable('help_requests', (t) => {
    t.text('cancel_reason');
  });

  await knex.schema.alterTable('assignments', (t) => {
    t.uuid('assigned_by');
  });

  // Inbound SMS kept until the engine has answered them (Twilio will not wait for a slow one).
  await knex.schema.createTable('sms_inbox', (t) => {
    t.bigIncrements('id');
    t.text('message_sid').notNullable().unique();
    t.text('from_phone').notNullable();
    t.text('body').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'done']);
    t.text('result');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('processed_at', { useTz: true });
  });
  await knex.raw("create index sms_inbox_pending on sms_inbox (received_at) where status = 'pending'");

  // When each phone was last sent a help text: a sender who keeps erring is answered at most every few minutes.
  await knex.schema.createTable('sms_reply_throttle', (t) => {
    t.text('phone').primary();
    t.timestamp('last_help_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('message_templates', (t) => {
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('key').notNullable();
    t.text('language').notNullable();
    t.text('subject');
    t.text('body').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['workspace_id', 'key', 'language']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('message_templates');
  await knex.schema.dropTable('sms_reply_throttle');
  await knex.schema.dropTable('sms_inbox');
  await knex.schema.alterTable('assignments', (t) => t.dropColumn('assigned_by'));
  await knex.schema.alterTable('help_requests', (t) => t.dropColumn('cancel_reason'));
  await knex.schema.alterTable('notifications', (t) => {
    t.dropIndex(['provider_id']);
    t.dropColumns('delivery_status', 'delivery_updated_at');
  });
  await knex.raw('drop index offers_open_by_phone');
  await knex.raw('drop index offers_open_reply_code');
  await knex.schema.alterTable('offers', (t) => t.dropColumns('phone', 'reply_code', 'assigned_by'));
  await knex.schema.alterTable('users', (t) => t.dropColumn('sms_stopped_at'));
  await knex.schema.alterTable('counselor_profiles', (t) =>
    t.dropColumns('quiet_start', 'quiet_end', 'time_zone', 'urgent_sms_opt_in', 'preferred_language'),
  );
}
