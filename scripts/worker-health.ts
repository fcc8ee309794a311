// The worker container's healthcheck (docker-compose.yml): exits 0 while a worker on this host polls the task
// queue, as Temporal sees it (the SDK's default identity is <pid>@<hostname>), 1 otherwise.
import { hostname } from 'node:os';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config';

async function main(): Promise<boolean> {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 5000 });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: config.temporal.namespace,
      // TASK_QUEUE_KIND_NORMAL and TASK_QUEUE_TYPE_WORKFLOW (the proto enums, not re-exported by the client).
      taskQueue: { name: config.temporal.taskQueue, kind: 1 },
      taskQueueType: 1,
    });
    return (pollers ?? []).some((p) => p.identity?.endsWith(`@${hostname()}`));
  } finally {
    await connection.close();
  }
}

main().then(
  (polling) => {
    if (!polling) console.error(`worker-health: no worker on ${hostname()} polls the task queue`);
    process.exit(polling ? 0 : 1);
  },
  (err) => {
    console.error(`worker-health: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
