// The after-care task kinds are declared once, in domain/aftercare.ts (TASK_KINDS), and the store refuses any
// other kind before it writes. The table's own CHECK repeated that list, so a new kind needed a migration as
// well as the domain line (docs/ARCHITECTURE.md, "add an after-care task type"): it goes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table aftercare_tasks drop constraint if exists aftercare_tasks_kind_check');
}

export async function down(knex: Knex): Promise<void> {
  // Kinds added since would break the old constraint; it comes back over the rows that fit it.
  await knex.raw(
    "alter table aftercare_tasks add constraint aftercare_tasks_kind_check check (kind in ('debrief', 'supervision', 'unconfirmed', 'missing-outcome', 'out-of-scope')) not valid",
  );
}
