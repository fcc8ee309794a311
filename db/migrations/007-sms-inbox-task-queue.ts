// Each kept SMS reply names the task queue of the engine that owns its request: a worker's inbox drainer
// finishes only its own queue's replies (as the dispatch-outbox reconciler starts only its own requests).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_inbox', (t) => {
    // Null for replies kept before this column: any drainer may finish those.
    t.text('task_queue');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_inbox', (t) => t.dropColumn('task_queue'));
}
