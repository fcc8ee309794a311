// The team's own words at intake need a label per page language (the English `label` stays the fallback), and some
// counselors give a session or two a month: a monthly limit beside the weekly one (blank = no limit).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspace_vocabulary', (t) => {
    // Language code → label, e.g. {"ru": "Уход за близкими"}; a language not listed reads `label`.
    t.jsonb('labels').notNullable().defaultTo('{}');
  });
  await knex.schema.alterTable('counselor_profiles', (t) => {
    t.integer('capacity_per_month');
  });
  await knex.raw(
    'alter table counselor_profiles add constraint counselor_profiles_capacity_per_month check (capacity_per_month >= 0)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('counselor_profiles', (t) => t.dropColumn('capacity_per_month'));
  await knex.schema.alterTable('workspace_vocabulary', (t) => t.dropColumn('labels'));
}
