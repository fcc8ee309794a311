// Two tables later features share: the audit log (who saw or changed what) and dispatch pauses
// (a counselor held back from new offers, e.g. until a debrief is done).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    // Null for actions taken by the system (a schedule) rather than a signed-in person.
    t.uuid('actor_id').references('users.id').onDelete('set null');
    t.text('action').notNullable();
    t.text('subject_type').notNullable();
    t.text('subject_id');
    // Ids and labels only, never contact details or free text.
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'id']);
  });

  await knex.schema.createTable('counselor_pauses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    t.text('source').notNullable().checkIn(['debrief', 'coordinator', 'self']);
    // A short reason the counselor and coordinators can read ("debrief pending after a hard session").
    t.text('reason').notNullable();
    // What the pause waits for (a debrief task id, for example), so lifting it can be tied to that.
    t.text('ref');
    t.uuid('created_by').references('users.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('lifted_at', { useTz: true });
    t.uuid('lifted_by').references('users.id').onDelete('set null');
  });
  await knex.raw('create index counselor_pauses_open on counselor_pauses (counselor_id) where lifted_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('counselor_pauses');
  await knex.schema.dropTable('audit_log');
}
