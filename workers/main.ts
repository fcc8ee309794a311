// The worker process: `npm run worker`. SIGINT/SIGTERM drain it (Temporal's Runtime handles the signals).
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createDispatchWorker } from './worker';

async function main() {
  const config = loadConfig();
  // LOG_LEVEL sets how much the Temporal worker runtime logs.
  Runtime.install({ logger: new DefaultLogger(config.logLevel.toUpperCase() as LogLevel) });
  const { run } = await createDispatchWorker(config);
  console.log(`worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  await run();
  console.log('worker: stopped');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
