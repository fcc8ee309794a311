// The pool: tiered training (qualification, programme, supervised practice), certifications with expiry,
// capacity, away periods, channel preferences, verified phones and workspace-defined vocabulary.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    // Supervised sessions a coordinator must sign off before a counselor can go live.
    t.integer('required_supervised_sessions').notNullable().defaultTo(3);
  });

  await knex.schema.alterTable('users', (t) => {
    // Dispatch SMS go only to a verified phone; null = not (yet) verified.
    t.timestamp('phone_verified_at', { useTz: true });
  });
  // Phones entered before verification existed were typed in by coordinators: keep them reachable.
  await knex.raw('update users set phone_verified_at = created_at where phone is not null');

  await knex.schema.alterTable('counselor_profiles', (t) => {
    // Null: no limit set.
    t.integer('capacity_per_week');
    t.date('qualified_on');
    t.date('programme_trained_on');
    t.specificType('channels', 'text[]').notNullable().defaultTo('{sms,email}');
  });
  await knex.raw(`update counselor_profiles set qualified_on = current_date, programme_trained_on = current_date
                  where training_complete`);

  await knex.schema.createTable('supervised_signoffs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // Null for sign-offs carried over from the old "training complete" flag.
    t.uuid('signed_off_by').references('users.id').onDelete('set null');
    t.date('session_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['counselor_id']);
  });
  await knex.raw(`insert into supervised_signoffs (workspace_id, counselor_id, session_on)
                  select p.workspace_id, p.user_id, current_date
                  from counselor_profiles p join workspaces w on w.id = p.workspace_id
                  cross join lateral generate_series(1, w.required_supervised_sessions)
                  where p.training_complete`);

  await knex.schema.createTable('counselor_certifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    t.text('name').notNullable();
    // The last day it is valid.
    t.date('expires_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['counselor_id', 'expires_on']);
  });

  await knex.schema.createTable('counselor_away', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    // Both days included (UTC dates).
    t.date('from_on').notNullable();
    t.date('until_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['counselor_id', 'until_on']);
  });
  await knex.raw('alter table counselor_away add constraint counselor_away_order check (until_on >= from_on)');

  // Specialisms and lived-experience tags a workspace adds to the built-in ones (db/vocabulary.ts).
  await knex.schema.createTable('workspace_vocabulary', (t) => {
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('kind').notNullable().checkIn(['specialism', 'lived-experience']);
    t.text('code').notNullable();
    t.text('label').notNullable();
    t.primary(['workspace_id', 'kind', 'code']);
  });

  // Matching filters by workspace first, whatever the training state; capacity counts this week's assignments.
  await knex.raw('create index counselor_profiles_workspace on counselor_profiles (workspace_id)');
  await knex.raw('create index assignments_counselor_created on assignments (counselor_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists assignments_counselor_created');
  await knex.raw('drop index if exists counselor_profiles_workspace');
  for (const table of ['workspace_vocabulary', 'counselor_away', 'counselor_certifications', 'supervised_signoffs'])
    await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('counselor_profiles', (t) =>
    t.dropColumns('capacity_per_week', 'qualified_on', 'programme_trained_on', 'channels'),
  );
  await knex.schema.alterTable('users', (t) => t.dropColumn('phone_verified_at'));
  await knex.schema.alterTable('workspaces', (t) => t.dropColumn('required_supervised_sessions'));
}
