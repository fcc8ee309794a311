// After the win: the requester's availability, the counseling session (proposed and confirmed slots, the
// outcome), the requester's confirm links, and the after-care tasks (debrief, supervision check-in, ...).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Not personal: a time zone and a few instants. Kept out of the workflow all the same (ids only there).
  await knex.schema.createTable('request_availability', (t) => {
    t.uuid('request_id').primary().references('help_requests.id').onDelete('cascade');
    t.text('time_zone').notNullable();
    // [{ "start": ISO instant, "end": ISO instant }, ...], at most three.
    t.jsonb('windows').notNullable();
  });

  // One row per assignment (a hand-back starts a new round and, on the next win, a new session).
  // Named counseling_sessions: `sessions` holds sign-in sessions.
  await knex.schema.createTable('counseling_sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    t.integer('round').notNullable();
    t.text('state')
      .notNullable()
      .defaultTo('scheduling')
      .checkIn(['scheduling', 'scheduled', 'after-care', 'closed', 'handed-back', 'out-of-scope']);
    t.text('time_zone').notNullable().defaultTo('UTC');
    // The current proposal: [{ "start": ISO, "end": ISO }], and which proposal it is (a confirm names it).
    t.jsonb('proposed').notNullable().defaultTo('[]');
    t.integer('proposal').notNullable().defaultTo(0);
    t.timestamp('starts_at', { useTz: true });
    t.timestamp('ends_at', { useTz: true });
    t.text('outcome').checkIn(['held', 'no-show', 'rescheduled']);
    t.boolean('hard');
    t.text('hard_category').checkIn(['suicide-ideation', 'safeguarding', 'abuse-disclosure', 'other-distress']);
    // The counselor's private note to the supervisor, AES-256-GCM with DATA_KEY.
    t.text('note_enc');
    // Why the counselor marked the request out of scope (for the coordinators), encrypted like the note.
    t.text('out_of_scope_reason_enc');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['request_id', 'round']);
  });

  // The requester's links to confirm or reschedule (no account): only hashes are kept.
  await knex.schema.createTable('session_links', (t) => {
    t.text('token_hash').primary();
    t.uuid('session_id').notNullable().references('counseling_sessions.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('aftercare_tasks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('kind').notNullable().checkIn(['debrief', 'supervision', 'unconfirmed', 'missing-outcome', 'out-of-scope']);
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('cascade');
    t.uuid('session_id').notNullable().references('counseling_sessions.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // Who should do it (the on-call lead for a debrief); null: any coordinator.
    t.uuid('owner_id').references('users.id').onDelete('set null');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'done']);
    t.timestamp('done_at', { useTz: true });
    t.uuid('done_by').references('users.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // One task of a kind per session: a retried activity finds the one it made.
    t.unique(['session_id', 'kind']);
    t.index(['workspace_id', 'status', 'due_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('aftercare_tasks');
  await knex.schema.dropTable('session_links');
  await knex.schema.dropTable('counseling_sessions');
  await knex.schema.dropTable('request_availability');
}
