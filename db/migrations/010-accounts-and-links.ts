// Accounts and links: rate limits that survive restarts and are shared by every API process, password reset
// links, the second sign-in step (TOTP), expiry on every link, and the origins a workspace's intake accepts.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One fixed window per key ("login-account:<hash>", "login-ip:<ip>", "intake-ip:<ip>"): a count and its end.
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.integer('count').notNullable();
    t.timestamp('window_ends_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('password_resets', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['user_id']);
  });

  // A password was right and a TOTP code is still to come: the browser holds this random token, not a session.
  await knex.schema.createTable('login_challenges', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.alterTable('users', (t) => {
    // Encrypted with DATA_KEY; pending until confirmed with a code.
    t.text('totp_secret_enc');
    t.text('totp_pending_enc');
    // The last 30-second step a code was accepted for: a code works once.
    t.bigInteger('totp_last_step');
  });

  await knex.schema.alterTable('workspaces', (t) => {
    // Web origins allowed to call the public intake JSON endpoint from a browser (CORS).
    t.specificType('allowed_origins', 'text[]').notNullable().defaultTo('{}');
  });

  // Links expire. Existing rows get the default from now on.
  await knex.schema.alterTable('offer_links', (t) => {
    t.timestamp('expires_at', { useTz: true }).notNullable().defaultTo(knex.raw("now() + interval '14 days'"));
  });
  await knex.schema.alterTable('alert_links', (t) => {
    t.timestamp('expires_at', { useTz: true }).notNullable().defaultTo(knex.raw("now() + interval '7 days'"));
  });
  await knex.schema.alterTable('help_requests', (t) => {
    // Null while the request is open; 30 days after it closes the requester's status link stops working.
    t.timestamp('status_link_expires_at', { useTz: true });
  });
  // Set by the database whenever a request reaches a closed phase, whichever code path closed it.
  await knex.raw(`
    create function set_status_link_expiry() returns trigger language plpgsql as $$
    begin
      if new.phase in ('unmatched', 'cancelled', 'closed') and new.status_link_expires_at is null then
        new.status_link_expires_at := now() + interval '30 days';
      end if;
      return new;
    end $$;
    create trigger help_requests_status_link_expiry before update of phase on help_requests
      for each row execute function set_status_link_expiry();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger help_requests_status_link_expiry on help_requests');
  await knex.raw('drop function set_status_link_expiry()');
  await knex.schema.alterTable('help_requests', (t) => t.dropColumn('status_link_expires_at'));
  await knex.schema.alterTable('alert_links', (t) => t.dropColumn('expires_at'));
  await knex.schema.alterTable('offer_links', (t) => t.dropColumn('expires_at'));
  await knex.schema.alterTable('workspaces', (t) => t.dropColumn('allowed_origins'));
  await knex.schema.alterTable('users', (t) => t.dropColumns('totp_secret_enc', 'totp_pending_enc', 'totp_last_step'));
  await knex.schema.dropTable('login_challenges');
  await knex.schema.dropTable('password_resets');
  await knex.schema.dropTable('rate_limits');
}
