// The on-call rota: one weekly rotation per workspace and one-off overrides (holidays, swaps, explicit gaps).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oncall_rotas', (t) => {
    t.uuid('workspace_id').primary().references('workspaces.id').onDelete('cascade');
    // An IANA zone name ("Europe/Tallinn"): handovers happen at the wall-clock time there, across DST changes.
    t.text('time_zone').notNullable();
    // ISO 8601 weekday: 1 = Monday ... 7 = Sunday.
    t.smallint('handover_weekday').notNullable().checkBetween([1, 7]);
    t.time('handover_time').notNullable();
    // Ordered; the lead at position k mod n is on call in week k. Kept as ids (not a join table) so a
    // former lead leaves a gap in their week rather than silently shifting everyone else's weeks.
    t.specificType('lead_ids', 'uuid[]').notNullable().defaultTo('{}');
    // A local date in time_zone: the first shift starts at the first handover on or after it.
    t.date('starts_on').notNullable();
    t.uuid('updated_by').references('users.id').onDelete('set null');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('oncall_overrides', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    // null: nobody is on call for the interval (an explicit gap; alerts go to the coordinators).
    t.uuid('lead_id').references('users.id').onDelete('set null');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('note').notNullable().defaultTo('');
    t.uuid('created_by').references('users.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'ends_at']);
  });
  await knex.raw('alter table oncall_overrides add constraint oncall_overrides_interval check (ends_at > starts_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('oncall_overrides');
  await knex.schema.dropTable('oncall_rotas');
}
