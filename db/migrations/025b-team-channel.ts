// The team channel: one supervised channel per workspace. Coordinators post; counselors, leads and coordinators
// reply to a post. Bodies are encrypted at rest like private messages.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('team_channel_posts', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('author_id').notNullable().references('users.id').onDelete('cascade');
    // Null: a coordinator's post; else the post this replies to (replies are one level deep).
    t.bigInteger('parent_id').references('team_channel_posts.id').onDelete('cascade');
    // AES-256-GCM with DATA_KEY.
    t.text('body_enc').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'parent_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('team_channel_posts');
}
