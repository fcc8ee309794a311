// Invite-only onboarding: invitations (single use, expiring, the link's token stored hashed) and phone
// verification by a 6-digit SMS code (short-lived, a few attempts, stored hashed).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('cascade');
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.uuid('invited_by').references('users.id').onDelete('set null');
    // Minted when the email is built (so only the email ever holds the token); null until then.
    t.text('token_hash').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.uuid('user_id').references('users.id').onDelete('set null');
    t.index(['workspace_id', 'created_at']);
  });

  await knex.schema.createTable('phone_verifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.text('phone').notNullable();
    // SHA-256 of "<id>:<code>" (the id makes every hash its own), set when the SMS is built.
    t.text('code_hash');
    t.timestamp('expires_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('verified_at', { useTz: true });
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('phone_verifications');
  await knex.schema.dropTableIfExists('invitations');
}
