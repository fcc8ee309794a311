// The worker process: `npm run worker`. SIGINT/SIGTERM drain it (Temporal's Runtime handles the signals).
import { Runtime, type LogLevel } from '@temporalio/worker';
import { scrub } from '../domain/redact';
import { loadConfig } from '../config';
import { createLogger, lineLog, temporalLogger } from '../log';
import { freeLoopbackAddress, startMetricsServer } from '../telemetry/metrics-server';
import { createDispatchWorker } from './worker';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  // LOG_LEVEL sets how much the Temporal worker runtime logs; its lines go through the same redaction.
  // With METRICS_PORT set, the SDK's own worker metrics (task slots, poll and schedule-to-start latencies, sticky
  // cache) are served by its runtime on a loopback port and appended to this process's /metrics.
  const sdkMetricsAddress = config.metrics ? await freeLoopbackAddress() : undefined;
  Runtime.install({
    logger: temporalLogger(logger, config.logLevel.toUpperCase() as LogLevel),
    ...(sdkMetricsAddress
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: sdkMetricsAddress, useSecondsForDurations: true } },
          },
        }
      : {}),
  });
  const { run } = await createDispatchWorker(config, { log: lineLog(logger) });
  // Started by `npm start` with an IPC channel: the channel closes when the dev stack is gone, however it ended;
  // the SIGTERM drains the worker as Temporal's Runtime does for any SIGTERM.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // Listening refs the channel; unref it so the drained worker still exits on its own.
  process.channel?.unref();
  const metrics = config.metrics
    ? await startMetricsServer({
        ...config.metrics,
        sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics`,
        log: lineLog(logger),
      })
    : undefined;
  // Start and stop are always written, whatever LOG_LEVEL (the bench and the fault tests wait for them).
  const lifecycle = logger.child({}, { level: 'info' });
  if (metrics) lifecycle.info(`worker: metrics on ${config.metrics!.host}:${metrics.port}/metrics`);
  lifecycle.info(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  await run();
  await metrics?.close();
  lifecycle.info('worker: stopped');
}

main().catch((err) => {
  console.error(scrub(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
