// Private messaging: one-to-one threads between a coordinator or lead and a counselor. Bodies are encrypted
// at rest; the workspace's coordinators may read every thread (admin-supervised), and each such read is audited.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('message_threads', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // The coordinator or lead on the other side.
    t.uuid('staff_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_message_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'counselor_id', 'staff_id']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.bigIncrements('id');
    t.uuid('thread_id').notNullable().references('message_threads.id').onDelete('cascade');
    t.uuid('author_id').notNullable().references('users.id').onDelete('cascade');
    // AES-256-GCM with DATA_KEY.
    t.text('body_enc').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['thread_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('messages');
  await knex.schema.dropTable('message_threads');
}
