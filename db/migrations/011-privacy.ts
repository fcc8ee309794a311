// Privacy: how long a workspace keeps requester contact and free text after a request closes, and when a
// request's were purged (the row, its timeline and its offers stay, so the statistics survive).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.integer('retention_days').notNullable().defaultTo(90);
  });
  await knex.raw(
    'alter table workspaces add constraint workspaces_retention_days check (retention_days between 1 and 3650)',
  );
  await knex.schema.alterTable('help_requests', (t) => {
    t.timestamp('purged_at', { useTz: true });
  });
  // The purge looks up when each request closed: the time of its closing timeline event.
  await knex.raw(
    "create index request_events_closing on request_events (request_id, at) where type in ('unmatched', 'cancelled', 'closed')",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index request_events_closing');
  await knex.schema.alterTable('help_requests', (t) => t.dropColumn('purged_at'));
  await knex.schema.alterTable('workspaces', (t) => t.dropColumn('retention_days'));
}
