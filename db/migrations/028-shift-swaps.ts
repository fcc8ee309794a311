// Lead shift swaps: a lead offers one of their own future on-call shifts, another lead takes it. Taking writes an
// override (oncall_overrides) in the same transaction, so the rota itself says who is on call.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shift_swaps', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('giver_id').notNullable().references('users.id').onDelete('cascade');
    // The shift as the rota computed it when offered.
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('note').notNullable().defaultTo('');
    // open | taken | withdrawn (domain/shift-swaps.ts); an open offer whose shift has started reads as expired.
    t.text('status').notNullable().defaultTo('open');
    t.uuid('taker_id').references('users.id').onDelete('set null');
    t.uuid('override_id').references('oncall_overrides.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('taken_at', { useTz: true });
    t.timestamp('withdrawn_at', { useTz: true });
    t.index(['workspace_id', 'ends_at']);
  });
  await knex.raw('alter table shift_swaps add constraint shift_swaps_interval check (ends_at > starts_at)');
  // One open offer per shift and giver: a double submit or two tabs offer it once.
  await knex.raw(
    `create unique index shift_swaps_one_open on shift_swaps (workspace_id, giver_id, starts_at) where status = 'open'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shift_swaps');
}
