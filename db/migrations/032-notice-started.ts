// When the notice of a private message, a team-channel post or a taken shift swap was handed to Temporal. Null
// means not yet: the API could not start it (Temporal down or slow), and the worker's reconciler will. The row
// of the message, post or swap is its own outbox entry, so no notice is lost between storing and starting.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  for (const table of ['messages', 'team_channel_posts', 'shift_swaps']) {
    await knex.schema.alterTable(table, (t) => t.timestamp('notice_started_at', { useTz: true }));
  }
  // What exists already was noticed (or is past noticing): only what is stored from now on waits for its notice.
  await knex.raw('update messages set notice_started_at = created_at');
  await knex.raw('update team_channel_posts set notice_started_at = created_at');
  await knex.raw(`update shift_swaps set notice_started_at = coalesce(taken_at, created_at) where status = 'taken'`);
  await knex.raw('create index messages_notice_pending on messages (created_at) where notice_started_at is null');
  await knex.raw(
    'create index team_channel_posts_notice_pending on team_channel_posts (created_at) where notice_started_at is null',
  );
  await knex.raw(
    `create index shift_swaps_notice_pending on shift_swaps (taken_at) where status = 'taken' and notice_started_at is null`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['messages', 'team_channel_posts', 'shift_swaps']) {
    await knex.schema.alterTable(table, (t) => t.dropColumn('notice_started_at'));
  }
}
