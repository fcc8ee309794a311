// A connection to the suite's database for tests of the stores alone (no app, no worker).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, createStores, type Stores } from '../../db';

export function connectTestDb(): { db: Knex; stores: Stores } {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with "npm test"');
  const db = createDb(url, { max: 4 });
  return { db, stores: createStores(db, randomBytes(32)) };
}
