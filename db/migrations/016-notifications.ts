// The notifications wing: staff read messages in a language of their own, a team chooses whether lock screens
// (SMS, email subjects) may name sensitive topics, and the ledger's channel is any registered channel.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // Counselors keep theirs in counselor_profiles.preferred_language; staff have no profile.
    t.text('language');
  });
  await knex.schema.alterTable('workspaces', (t) => {
    // Off by default: an SMS or a subject says "a request matches you", the page behind the link says what.
    t.boolean('lock_screen_details').notNullable().defaultTo(false);
  });
  // A new channel is a file and a registration, not a schema change.
  await knex.raw('alter table notifications drop constraint if exists notifications_channel_check');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    "alter table notifications add constraint notifications_channel_check check (channel in ('sms', 'email'))",
  );
  await knex.schema.alterTable('workspaces', (t) => t.dropColumn('lock_screen_details'));
  await knex.schema.alterTable('users', (t) => t.dropColumn('language'));
}
