// The dispatch outbox: written in the same transaction as the request, so a request stored is a request
// that will be dispatched, even when Temporal is down at the moment it is submitted.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dispatch_outbox', (t) => {
    t.uuid('request_id').primary().references('help_requests.id').onDelete('cascade');
    // The workflow input as it was at submission (the policy snapshot), ids only.
    t.jsonb('workflow_input').notNullable();
    // The queue the request was submitted for: a reconciler starts only its own queue's requests.
    t.text('task_queue').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
  });
  await knex.raw('create index dispatch_outbox_pending on dispatch_outbox (next_attempt_at) where started_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dispatch_outbox');
}
