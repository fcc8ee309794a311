// The country whose national phone formats a team's forms read ("5123 4567" in Estonia): chosen at creation or
// in settings; null means "the country of the team's time zone" (domain/phone.ts teamPhoneCountry).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.text('phone_country');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropColumn('phone_country');
  });
}
