// Passkeys (WebAuthn credentials) as a second step and as a way in on their own, and the short-lived challenges
// of their ceremonies (one per browser, found by a cookie's hash).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('passkeys', (t) => {
    // The credential id (base64url) the authenticator chose: what a sign-in names.
    t.text('id').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.binary('public_key').notNullable();
    // The signature counter, to notice a cloned authenticator (0 for those that keep none).
    t.bigInteger('counter').notNullable().defaultTo(0);
    t.specificType('transports', 'text[]').notNullable().defaultTo('{}');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.schema.createTable('webauthn_challenges', (t) => {
    t.text('token_hash').primary();
    // Null for a sign-in with a passkey alone (nobody is known until the passkey says who).
    t.uuid('user_id').references('users.id').onDelete('cascade');
    t.text('purpose').notNullable();
    t.text('challenge').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webauthn_challenges');
  await knex.schema.dropTable('passkeys');
}
