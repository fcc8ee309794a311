// The API process: `npm run api`. SIGINT/SIGTERM stop taking connections and let in-flight requests finish.
import { Client, Connection } from '@temporalio/client';
import { createDataConverter, workflowWorkspaceResolver } from '../codec';
import { scrub } from '../domain/redact';
import { loadConfig, temporalConnectionOptions } from '../config';
import { createDb, createStores } from '../db';
import { createLogger, lineLog } from '../log';
import { startMetricsServer } from '../telemetry/metrics-server';
import { createApp } from './app';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  // Start and stop are always written, whatever LOG_LEVEL (the bench and the fault tests wait for them).
  const lifecycle = logger.child({}, { level: 'info' });
  const db = createDb(config.databaseUrl);
  const stores = createStores(db, config.dataKey);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.payloadKeys, {
      workspaceOf: workflowWorkspaceResolver(async (id) => (await stores.requests.getById(id))?.workspaceId),
      onRefused: (reason) => logger.warn(`security: codec refused a payload: ${reason}`),
    }),
  });
  const app = createApp({ config, db, stores, temporal, log: lineLog(logger) });
  const host = config.host;
  const server = app.listen(config.port, host, () => lifecycle.info(`api: listening on ${host}:${config.port}`));
  const metrics = config.metrics ? await startMetricsServer({ ...config.metrics, log: lineLog(logger) }) : undefined;
  if (metrics) lifecycle.info(`api: metrics on ${config.metrics!.host}:${metrics.port}/metrics`);

  const stop = () => {
    lifecycle.info('api: shutting down');
    void (app.locals.closeLiveStreams as () => Promise<void>)();
    server.close(async () => {
      await metrics?.close();
      await connection.close();
      await db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(scrub(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
