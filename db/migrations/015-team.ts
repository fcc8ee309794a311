// A real team from zero: several roles per person (users.roles, with users.role kept as the highest one so
// older queries and inserts that name only `role` keep working), leaving the team (deactivated_at), invitations
// for any role, the workspace's time zone and whether its counselors need two-step sign-in, recovery codes,
// and audit entries of the admin command that concern no workspace (list-workspaces).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table users add column roles text[]`);
  await knex.raw(`update users set roles = array[role]`);
  await knex.raw(`alter table users alter column roles set not null`);
  await knex.raw(
    `alter table users add constraint users_roles_known
       check (cardinality(roles) between 1 and 3 and roles <@ array['coordinator','lead','counselor']::text[])`,
  );
  // One source of truth (roles); role follows it as the highest role. An insert or update that sets only role
  // (code written before several roles existed) sets roles to that one role.
  await knex.raw(`
    create function users_sync_roles() returns trigger language plpgsql as $$
    begin
      if new.roles is null or cardinality(new.roles) = 0 then
        new.roles := array[new.role];
      elsif tg_op = 'UPDATE' and new.role is distinct from old.role and new.roles is not distinct from old.roles then
        new.roles := array[new.role];
      end if;
      new.roles := array(
        select r from (select distinct unnest(new.roles) as r) x
        order by coalesce(array_position(array['coordinator','lead','counselor']::text[], r), 99), r);
      new.role := new.roles[1];
      return new;
    end $$`);
  await knex.raw(`create trigger users_sync_roles before insert or update on users
                  for each row execute function users_sync_roles()`);
  await knex.raw(`create index users_roles on users using gin (roles)`);

  await knex.schema.alterTable('users', (t) => {
    // Left the team: no sign-in, no offers, no alerts; the row stays (history, audit, sessions they held).
    t.timestamp('deactivated_at', { useTz: true });
  });

  await knex.schema.alterTable('workspaces', (t) => {
    t.text('time_zone').notNullable().defaultTo('UTC');
    // Teams made by the admin command turn it on; existing teams (the demo) keep what they had: off.
    t.boolean('counselor_two_step').notNullable().defaultTo(false);
  });

  await knex.raw(`alter table invitations add column roles text[] not null default '{counselor}'`);
  await knex.raw(
    `alter table invitations add constraint invitations_roles_known
       check (cardinality(roles) between 1 and 3 and roles <@ array['coordinator','lead','counselor']::text[])`,
  );

  // Single-use codes for a lost authenticator: only their hashes.
  await knex.schema.createTable('recovery_codes', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.text('code_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('used_at', { useTz: true });
    t.unique(['user_id', 'code_hash']);
  });

  // Browsers that completed a sign-in (a random cookie, stored hashed): failures elsewhere do not slow them.
  await knex.schema.createTable('known_devices', (t) => {
    t.text('id_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });

  // The admin command's list-workspaces concerns no single workspace.
  await knex.raw(`alter table audit_log alter column workspace_id drop not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`delete from audit_log where workspace_id is null`);
  await knex.raw(`alter table audit_log alter column workspace_id set not null`);
  await knex.schema.dropTable('known_devices');
  await knex.schema.dropTable('recovery_codes');
  await knex.raw(`alter table invitations drop column roles`);
  await knex.schema.alterTable('workspaces', (t) => t.dropColumns('time_zone', 'counselor_two_step'));
  await knex.schema.alterTable('users', (t) => t.dropColumn('deactivated_at'));
  await knex.raw(`drop trigger users_sync_roles on users`);
  await knex.raw(`drop function users_sync_roles()`);
  await knex.raw(`alter table users drop column roles`);
}
