// The API process: `npm run api`. SIGINT/SIGTERM stop taking connections and let in-flight requests finish.
import { Client, Connection } from '@temporalio/client';
import { createDataConverter, workflowWorkspaceResolver } from '../codec';
import { scrub } from '../domain/redact';
import { loadConfig, temporalConnectionOptions } from '../config';
import { assertMigrated, createDb, createStores } from '../db';
import { createLogger, lineLog } from '../log';
import { startMetricsServer } from '../telemetry/metrics-server';
import { createApp } from './app';
import { stopHttpServer } from './http-stop';

// How long a stopping API lets the requests in flight finish before it cuts them.
const STOP_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  // Start and stop are always written, whatever LOG_LEVEL (the bench and the fault tests wait for them).
  const lifecycle = logger.child({}, { level: 'info' });
  const db = createDb(config.databaseUrl);
  await assertMigrated(db);
  const stores = createStores(db, config.dataKey);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const workspaceOf = workflowWorkspaceResolver(async (id) => (await stores.requests.getById(id))?.workspaceId);
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.payloadKeys, {
      workspaceOf,
      onRefused: (reason) => logger.warn(`security: codec refused a payload: ${reason}`),
    }),
  });
  const app = createApp({
    config,
    stores,
    temporal,
    log: lineLog(logger),
    rememberWorkspace: workspaceOf.remember,
  });
  const host = config.host;
  const server = app.listen(config.port, host, () => lifecycle.info(`api: listening on ${host}:${config.port}`));
  // Idle keep-alive connections are closed by the client or the proxy first, not by us: with Node's 5 s default, an
  // API whose event loop stalled for a few seconds (a loaded machine) ran its idle timers before reading the
  // requests already waiting on those sockets, and closed them unanswered ("other side closed", ECONNRESET at the
  // load test's submits under a busy core). A client that reuses a socket we closed cannot tell whether a POST
  // arrived, so it must not be us who closes it while it may be in use.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const metrics = config.metrics ? await startMetricsServer({ ...config.metrics, log: lineLog(logger) }) : undefined;
  if (metrics) lifecycle.info(`api: metrics on ${config.metrics!.host}:${metrics.port}/metrics`);

  const stop = async () => {
    lifecycle.info('api: shutting down');
    void (app.locals.closeLiveStreams as () => Promise<void>)();
    await stopHttpServer(server, STOP_GRACE_MS);
    await metrics?.close();
    await connection.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  // Started by `npm start` with an IPC channel: the channel closes when the dev stack is gone, however it ended.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

main().catch((err) => {
  console.error(scrub(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
