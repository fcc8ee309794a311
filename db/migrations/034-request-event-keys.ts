// A timeline event that must be written once however often its step runs: a wave's `wave-sent` is written again
// when the wave runs again (its first workflow task replayed after a worker died, its activity retried after the
// write), and the timeline and the metrics then showed the wave twice. Such an event carries a key of its step; the
// unique index lets the second write do nothing. Events without a key (every one before this) are not limited.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_events', (t) => t.text('key'));
  await knex.raw('create unique index request_events_once on request_events (request_id, key) where key is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index request_events_once');
  await knex.schema.alterTable('request_events', (t) => t.dropColumn('key'));
}
