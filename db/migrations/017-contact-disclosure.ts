// Who saw a requester's contact, from where: the audit log keeps the address and the browser's user agent
// beside the account (security events of the contact page, the offer link and the lead's view).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.text('address');
    t.text('user_agent');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('address');
    t.dropColumn('user_agent');
  });
}
