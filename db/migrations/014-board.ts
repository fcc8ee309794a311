// The live board: a workspace's time-to-help target and requester page languages, and a trigger that
// announces every new timeline event (ids only) to the API's listener through pg_notify.
import type { Knex } from 'knex';

// The channel db/stores/board-store.ts names for the API's listener; the payload is ids only.
const REQUEST_EVENTS_CHANNEL = 'request_events';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    // Minutes from submit to a counselor accepting that the team aims for (the board marks requests past it).
    t.integer('time_to_help_target_minutes').notNullable().defaultTo(240);
    // The languages the requester pages are offered in (each needs a translation file in api/i18n/).
    t.specificType('page_languages', 'text[]').notNullable().defaultTo('{en,ru}');
  });
  // NOTIFY is delivered at commit, so a listener never hears of an event it cannot read yet.
  await knex.raw(`
    create function notify_request_event() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${REQUEST_EVENTS_CHANNEL}', json_build_object(
        'eventId', new.id,
        'requestId', new.request_id,
        'workspaceId', (select workspace_id from help_requests where id = new.request_id)
      )::text);
      return new;
    end
    $$`);
  await knex.raw(`
    create trigger request_events_notify after insert on request_events
    for each row execute function notify_request_event()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger request_events_notify on request_events');
  await knex.raw('drop function notify_request_event()');
  await knex.schema.alterTable('workspaces', (t) => t.dropColumns('time_to_help_target_minutes', 'page_languages'));
}
