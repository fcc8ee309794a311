// What an SMS send left behind when its process died mid-call: when it was claimed and a hash of the exact
// text handed to the provider, so a retry can ask the provider whether it went out before sending again.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.timestamp('claimed_at', { useTz: true });
    t.text('body_hash');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => t.dropColumns('claimed_at', 'body_hash'));
}
