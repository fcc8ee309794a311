// The walking skeleton's tables. Migrations are never edited once landed: add a new one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pgcrypto');

  await knex.schema.createTable('workspaces', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.jsonb('dispatch_policy').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('role').notNullable().checkIn(['coordinator', 'lead', 'counselor']);
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('phone');
    t.text('password_hash');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'email']);
  });
  await knex.raw('create unique index users_email_lower on users (lower(email))');

  await knex.schema.createTable('counselor_profiles', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('cascade');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.specificType('languages', 'text[]').notNullable();
    t.specificType('specialisms', 'text[]').notNullable();
    t.specificType('lived_experience', 'text[]').notNullable().defaultTo('{}');
    t.boolean('training_complete').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.raw(
    'create index counselor_profiles_match on counselor_profiles (workspace_id) where active and training_complete',
  );
  await knex.raw('create index counselor_profiles_languages on counselor_profiles using gin (languages)');
  await knex.raw('create index counselor_profiles_specialisms on counselor_profiles using gin (specialisms)');

  await knex.schema.createTable('help_requests', (t) => {
    t.uuid('id').primary();
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('language').notNullable();
    t.text('topic').notNullable();
    t.specificType('lived_experience', 'text[]').notNullable().defaultTo('{}');
    t.text('safety').notNullable().checkIn(['no', 'unsure', 'yes']);
    t.boolean('urgent').notNullable().defaultTo(false);
    // Email, phone and free text, AES-256-GCM encrypted with DATA_KEY (db/crypto.ts).
    t.text('contact_enc').notNullable();
    t.text('status_token_hash').notNullable().unique();
    t.text('phase').notNullable().defaultTo('matching');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('assigned_at', { useTz: true });
    t.index(['workspace_id', 'created_at']);
  });

  await knex.schema.createTable('offers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id').onDelete('cascade');
    t.integer('wave').notNullable();
    t.text('channel').notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'won', 'taken', 'declined', 'expired']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.unique(['request_id', 'counselor_id']);
  });

  // Every message carries its own link token (stored hashed); all of an offer's links work while it is open.
  await knex.schema.createTable('offer_links', (t) => {
    t.text('token_hash').primary();
    t.uuid('offer_id').notNullable().references('offers.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['offer_id']);
  });

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    // (request, recipient, wave, channel, purpose): written before the provider call, so a retry never sends twice.
    t.text('idempotency_key').notNullable().unique();
    t.uuid('request_id').references('help_requests.id').onDelete('cascade');
    t.uuid('user_id').references('users.id').onDelete('set null');
    t.text('channel').notNullable().checkIn(['sms', 'email']);
    t.text('purpose').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sending', 'sent', 'failed']);
    t.text('provider_id');
    t.text('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });

  await knex.schema.createTable('assignments', (t) => {
    // One row per request: the database guards "exactly one winner" a second time.
    t.uuid('request_id').primary().references('help_requests.id').onDelete('cascade');
    t.uuid('counselor_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('request_events', (t) => {
    t.bigIncrements('id');
    t.uuid('request_id').notNullable().references('help_requests.id').onDelete('cascade');
    t.text('type').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['request_id', 'id']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.text('id_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  // What the local Twilio and SMTP sinks received (embedded mode and tests only).
  await knex.schema.createTable('dev_outbox', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable().checkIn(['sms', 'email']);
    t.text('to').notNullable();
    t.text('from');
    t.text('subject');
    t.text('body').notNullable();
    t.text('provider_id');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'dev_outbox',
    'sessions',
    'request_events',
    'assignments',
    'notifications',
    'offer_links',
    'offers',
    'help_requests',
    'counselor_profiles',
    'users',
    'workspaces',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
