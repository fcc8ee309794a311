// From a pool-health flag to a word: each time a coordinator writes to a flagged counselor from the flag, the
// flag remembers who reached out and when (shown on /pool and in the digest), and which thread holds the words.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('flag_reach_outs', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // A pool-health flag kind (domain/pool-health.ts FlagKind); flags are worked out, not stored, so no key.
    t.text('flag_kind').notNullable();
    t.uuid('staff_id').notNullable().references('users.id').onDelete('cascade');
    t.uuid('thread_id').notNullable().references('message_threads.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'counselor_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('flag_reach_outs');
}
