// A team's service hours (days and hours it answers, in its own time zone). Null: always open, the default, so
// nothing changes for a team that never sets them. The shape is domain/service-hours.ts's ServiceHours.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.jsonb('service_hours');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropColumn('service_hours');
  });
}
