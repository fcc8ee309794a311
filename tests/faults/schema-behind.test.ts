// An API or worker started before `npm run migrate` (an upgrade run by hand in the wrong order) refuses to start,
// naming the migration and what to do, instead of failing a step later: a worker on the old schema sent a wave's SMS
// and then failed its timeline write until the wave counted as not sent. A release rolled back (a database that has
// run a migration this code does not know) still starts.
import { freePort } from '../../scripts/services';
import { killAllEntries, startEntry } from '../helpers/processes';
import { useTestStack, waitFor } from '../helpers/stack';
import { createOwnTestDatabase } from '../helpers/test-db';
import { createDb } from '../../db';
import { MIGRATION_NAMES } from '../../db/knex';

jest.setTimeout(180_000);
const stack = useTestStack({ worker: false });
let own: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  own = await createOwnTestDatabase('schema_behind');
});
afterAll(async () => {
  killAllEntries();
  await own?.drop();
});

/** Runs `fn` on the test's own database. */
async function onOwnDb(fn: (db: ReturnType<typeof createDb>) => Promise<unknown>) {
  const db = createDb(own.url, { max: 1 });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
}

const latest = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];

it('refuses to start the worker and the API on a database that has not run the latest migration', async () => {
  await onOwnDb((db) => db('knex_migrations').where({ name: latest }).delete());
  const env = { ...stack.env, DATABASE_URL: own.url, PORT: String(await freePort()) };
  for (const entry of ['workers/main.ts', 'api/main.ts'] as const) {
    const proc = startEntry(entry, env);
    expect(await proc.exitedWithin(60_000)).toBe(1);
    expect(proc.output()).toContain(`the database has not run migration ${latest}: run npm run migrate`);
  }
});

it('starts the worker on a database that has run a migration of a later release', async () => {
  await onOwnDb(async (db) => {
    await db('knex_migrations').where({ name: latest }).delete();
    await db('knex_migrations').insert([
      { name: latest, batch: 1, migration_time: new Date() },
      { name: '999-from-a-later-release', batch: 2, migration_time: new Date() },
    ]);
  });
  const worker = startEntry('workers/main.ts', { ...stack.env, DATABASE_URL: own.url });
  await waitFor(
    'the worker polling',
    async () => {
      if (worker.child.exitCode !== null) throw new Error(`exited: ${worker.output()}`);
      if (!worker.output().includes('worker: polling')) throw new Error('not yet');
    },
    60_000,
  );
  worker.child.kill('SIGTERM');
  expect(await worker.exitedWithin(30_000)).toBe(0);
});
