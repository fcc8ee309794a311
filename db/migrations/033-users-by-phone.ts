// People found by their phone number: every SMS a counselor sends (an accept by reply code, STOP, START) and every
// STOP the provider reports look users up by the number they texted from. Without an index each of them read every
// user of every workspace (3.7 ms of PostgreSQL per SMS reply with the bench's 21,000 counselors).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index users_by_phone on users (phone) where phone is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index users_by_phone');
}
