// The knex instance and the migration list (explicit, so migrations load the same under tsx, jest and node).
import knexFactory, { type Knex } from 'knex';
import * as m001 from './migrations/001-skeleton';
import * as m002 from './migrations/002-escalating-dispatch';
import * as m003 from './migrations/003-sms-replies';
import * as m004 from './migrations/004-dispatch-outbox';
import * as m005 from './migrations/005-oncall-rota';
import * as m006 from './migrations/006-safety';
import * as m007 from './migrations/007-sms-inbox-task-queue';
import * as m008 from './migrations/008-send-fingerprint';
import * as m009 from './migrations/009-audit-and-pauses';
import * as m010 from './migrations/010-accounts-and-links';
import * as m014 from './migrations/014-board';
import * as m017 from './migrations/017-contact-disclosure';
import * as m025 from './migrations/025-flag-reach-outs';
import * as m025b from './migrations/025b-team-channel';
import * as m028 from './migrations/028-shift-swaps';
import * as m011 from './migrations/011-privacy';
import * as m012 from './migrations/012-pool';
import * as m012b from './migrations/012b-onboarding';
import * as m013 from './migrations/013-aftercare';
import * as m013b from './migrations/013b-messages';
import * as m015 from './migrations/015-team';
import * as m016 from './migrations/016-notifications';
import * as m026 from './migrations/026-task-kinds-from-domain';
import * as m024 from './migrations/024-care-for-carers';
import * as m020 from './migrations/020-staff-quiet-hours';
import * as m018 from './migrations/018-passkeys';
import * as m019 from './migrations/019-workspace-phone-country';
import * as m029 from './migrations/029-service-hours';
import * as m030 from './migrations/030-team-words-and-monthly-capacity';
import * as m032 from './migrations/032-notice-started';
import * as m033 from './migrations/033-users-by-phone';
import * as m034 from './migrations/034-request-event-keys';

const migrations: Record<string, Knex.Migration> = {
  '001-skeleton': m001,
  '002-escalating-dispatch': m002,
  '003-sms-replies': m003,
  '004-dispatch-outbox': m004,
  '005-oncall-rota': m005,
  '006-safety': m006,
  '007-sms-inbox-task-queue': m007,
  '008-send-fingerprint': m008,
  '009-audit-and-pauses': m009,
  '010-accounts-and-links': m010,
  '014-board': m014,
  '017-contact-disclosure': m017,
  '011-privacy': m011,
  '012-pool': m012,
  '012b-onboarding': m012b,
  '013-aftercare': m013,
  '013b-messages': m013b,
  '015-team': m015,
  '016-notifications': m016,
  '026-task-kinds-from-domain': m026,
  '024-care-for-carers': m024,
  '020-staff-quiet-hours': m020,
  '018-passkeys': m018,
  '019-workspace-phone-country': m019,
  '025-flag-reach-outs': m025,
  '025b-team-channel': m025b,
  '028-shift-swaps': m028,
  '029-service-hours': m029,
  '030-team-words-and-monthly-capacity': m030,
  '032-notice-started': m032,
  '033-users-by-phone': m033,
  '034-request-event-keys': m034,
};

/** Every migration the product runs, in order (tests/unit/migrations.test.ts checks none in the folder is missing). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => [...MIGRATION_NAMES],
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export function createDb(
  databaseUrl: string,
  pool: { min?: number; max?: number } = {},
  opts: { quiet?: boolean } = {},
): Knex {
  const silent = () => {};
  return knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    // quiet: the caller reports connection failures itself (npm run doctor).
    ...(opts.quiet ? { log: { warn: silent, error: silent, debug: silent, deprecate: silent } } : {}),
  });
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

/**
 * The product's migrations the database has not run yet (`npm run doctor` reports them; the API and the worker
 * refuse to start on them). Read from knex's own table, not through its migrator, which refuses a database that has
 * run migrations this code does not know: a release rolled back starts on the newer schema (docs/DEPLOY.md).
 */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  if (!(await db.schema.hasTable('knex_migrations'))) return [...MIGRATION_NAMES];
  const done = new Set((await db('knex_migrations').select('name')).map((r: { name: string }) => r.name));
  return MIGRATION_NAMES.filter((name) => !done.has(name));
}

/**
 * Refuses to serve on a schema older than this code: a process started before `npm run migrate` would otherwise
 * fail a step later (a wave's timeline write after its SMS went out, retried until the wave counted as not sent).
 */
export async function assertMigrated(db: Knex): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0)
    throw new Error(`the database has not run migration ${pending.join(', ')}: run npm run migrate, then start again`);
}
