// `npm run migrate`: brings the database at DATABASE_URL to the latest schema (docker-compose runs it once).
import { createDb, migrateLatest } from '../db';
import { loadConfig } from '../config';

async function main() {
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateLatest(db);
    console.log('migrate: database is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`migrate: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
