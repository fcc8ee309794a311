// The worker process: `npm run worker`. SIGINT/SIGTERM drain it (Temporal's Runtime handles the signals).
import { Runtime, type LogLevel } from '@temporalio/worker';
import { scrub } from '../domain/redact';
import { loadConfig } from '../config';
import { createLogger, lineLog, temporalLogger } from '../log';
import { createDispatchWorker } from './worker';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  // LOG_LEVEL sets how much the Temporal worker runtime logs; its lines go through the same redaction.
  Runtime.install({ logger: temporalLogger(logger, config.logLevel.toUpperCase() as LogLevel) });
  const { run } = await createDispatchWorker(config, { log: lineLog(logger) });
  // Start and stop are always written, whatever LOG_LEVEL (the bench and the fault tests wait for them).
  const lifecycle = logger.child({}, { level: 'info' });
  lifecycle.info(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  await run();
  lifecycle.info('worker: stopped');
}

main().catch((err) => {
  console.error(scrub(err instanceof Error ? err.message : String(err)));
  process.exit(1);
});
