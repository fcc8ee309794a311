// Care for the carers: hard-session cool-downs, a named supervisor per counselor, and supervision check-ins
// of their own (a session's, a cool-down's, or one the counselor asked for), each driven by a durable timer.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('counselor_profiles', (t) => {
    // A lead or coordinator of the same team (checked by the route); null: the on-call lead, as before.
    t.uuid('supervisor_id').references('users.id').onDelete('set null');
  });

  // A hold on offers about some topics after too many hard sessions in a short time (the team's policy).
  await knex.schema.createTable('counselor_cooldowns', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // The hard-session categories that triggered it and the request topics they hold (domain/care.ts).
    t.specificType('categories', 'text[]').notNullable();
    t.specificType('topics', 'text[]').notNullable();
    // The session whose outcome tipped the count: one cool-down per session, so a retried activity adds none.
    t.uuid('session_id').references('counseling_sessions.id').onDelete('set null').unique();
    t.timestamp('until_at', { useTz: true }).notNullable();
    t.timestamp('lifted_at', { useTz: true });
    t.uuid('lifted_by').references('users.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['counselor_id', 'until_at']);
  });

  await knex.schema.createTable('supervision_checkins', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // Who is told when it is due; null: nobody named and nobody on call, so the coordinators.
    t.uuid('supervisor_id').references('users.id').onDelete('set null');
    t.text('source').notNullable().checkIn(['session', 'cool-down', 'asked']);
    t.uuid('session_id').references('counseling_sessions.id').onDelete('cascade');
    t.uuid('cooldown_id').references('counselor_cooldowns.id').onDelete('cascade');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'done']);
    t.timestamp('notified_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
    t.timestamp('done_at', { useTz: true });
    t.uuid('done_by').references('users.id').onDelete('set null');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['workspace_id', 'status', 'due_at']);
    t.index(['counselor_id', 'status']);
  });
  // One check-in per session and per cool-down (a retried activity finds it), one open ask per counselor.
  await knex.raw(
    `create unique index supervision_checkins_session on supervision_checkins (session_id) where source = 'session'`,
  );
  await knex.raw(`create unique index supervision_checkins_cooldown on supervision_checkins (cooldown_id)`);
  await knex.raw(
    `create unique index supervision_checkins_one_ask on supervision_checkins (counselor_id) where source = 'asked' and status = 'open'`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('supervision_checkins');
  await knex.schema.dropTable('counselor_cooldowns');
  await knex.schema.alterTable('counselor_profiles', (t) => t.dropColumn('supervisor_id'));
}
