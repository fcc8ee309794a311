// Safety at the door: the crisis resources a workspace shows requesters, and the links staff use to
// acknowledge an urgent alert.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('crisis_resources', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    // BCP-47 language and ISO country this resource serves; null means any.
    t.text('language');
    t.text('country');
    t.text('name').notNullable();
    t.text('phone');
    t.text('url');
    t.text('note');
    t.integer('position').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'position']);
  });

  await knex.schema.createTable('alert_links', (t) => {
    t.text('token_hash').primary();
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('cascade');
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.alterTable('help_requests', (t) => {
    t.timestamp('urgent_acknowledged_at', { useTz: true });
    t.uuid('urgent_acknowledged_by').references('users.id').onDelete('set null');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('help_requests', (t) =>
    t.dropColumns('urgent_acknowledged_at', 'urgent_acknowledged_by'),
  );
  await knex.schema.dropTable('alert_links');
  await knex.schema.dropTable('crisis_resources');
}
