// A connection to the suite's database for tests of the stores alone (no app, no worker).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, createStores, migrateLatest, type Stores } from '../../db';

export function connectTestDb(): { db: Knex; stores: Stores } {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with "npm test"');
  const db = createDb(url, { max: 4 });
  return { db, stores: createStores(db, randomBytes(32)) };
}

export interface TestDb {
  readonly db: Knex;
  readonly stores: Stores;
}

/**
 * The set-up of a file that tests the stores alone: a connection opened before the file's tests and closed after
 * them. It is a handle and not the values because they exist only once `beforeAll` has run: a file keeps it at
 * its top level and reads `testDb.stores`, `testDb.db` inside its hooks and tests; a read before that (at the top
 * level, or in a `describe` body) fails with this message instead of an `undefined` deeper down. A file's own
 * set-up goes in a `beforeAll` registered after this call, which jest runs after this one.
 */
export function useTestDb(): TestDb {
  let connected: { db: Knex; stores: Stores } | undefined;
  beforeAll(() => {
    connected = connectTestDb();
  });
  afterAll(async () => {
    await connected?.db.destroy();
  });
  const current = (key: keyof TestDb) => {
    if (!connected) throw new Error(`the test database is not connected yet (read ${key} inside a test or hook)`);
    return connected;
  };
  return {
    get db() {
      return current('db').db;
    },
    get stores() {
      return current('stores').stores;
    },
  };
}

/**
 * A migrated database of a test file's own, for a test that starts from nothing or compares the whole database
 * before and after (the suite's database is shared by files running at the same time).
 */
export async function createOwnTestDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(base.toString(), { max: 1 });
  await admin.raw(`create database ${name}`);
  base.pathname = `/${name}`;
  const fresh = createDb(base.toString(), { max: 1 });
  await migrateLatest(fresh);
  await fresh.destroy();
  return {
    url: base.toString(),
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
