// Nights kept for staff: a coordinator's or lead's own quiet hours (their account, their time zone), and the
// non-urgent alerts held during them until one morning message gathers them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // Local wall-clock times in staff_time_zone; a window may wrap midnight (22:00-07:00). Null: no quiet hours.
    t.time('staff_quiet_start');
    t.time('staff_quiet_end');
    t.text('staff_time_zone');
  });
  await knex.schema.createTable('held_alerts', (t) => {
    t.bigIncrements('id');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('CASCADE');
    t.text('reason').notNullable();
    /** The alert's send purpose: a retried alert activity holds it once. */
    t.text('purpose').notNullable();
    /** When the person's quiet hours end: the morning message goes then. */
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** The morning message that carries it (its send purpose); null while it waits. */
    t.text('digest');
    t.unique(['user_id', 'request_id', 'purpose']);
    t.index(['workspace_id', 'digest']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('held_alerts');
  await knex.schema.alterTable('users', (t) =>
    t.dropColumns('staff_quiet_start', 'staff_quiet_end', 'staff_time_zone'),
  );
}
