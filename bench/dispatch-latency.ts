// `npx tsx bench/dispatch-latency.ts [KEY=VALUE ...]`: how long the Temporal dev server takes to hand a task to a
// waiting worker (scheduled → started), with no database, no HTTP and trivial activities. Starts a dev server
// with the given dynamic config values, a worker in this process, 60 workflows at 5/s, and prints the
// distribution of workflow-task and activity-task scheduled → started from their histories.
// Example: npx tsx bench/dispatch-latency.ts system.enableActivityEagerExecution=true
// WORKER_OPTIONS='{"maxConcurrentActivityTaskPolls":10}' passes extra Worker options.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDataConverter } from '../codec';
import { freePort } from '../scripts/services';
import { resolveTemporalCli } from '../scripts/temporal-cli';
import { startTemporalBench } from './stack';

interface Event {
  eventId?: unknown;
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
}

const ms = (e: Event | undefined) =>
  e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN;

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Only the values given: the dev server's own defaults otherwise (not the product's TEMPORAL_DYNAMIC_CONFIG).
  const dynamicConfig = process.argv.slice(2);
  const cli = await resolveTemporalCli(path.resolve(__dirname, '..'));
  const temporal = await startTemporalBench({
    cli,
    port: await freePort(),
    dynamicConfig,
    logFile: '/dev/null',
  });
  // The same payload encryption as the real worker, with a key for this run only.
  const dataConverter = createDataConverter([{ id: 'bench', key: randomBytes(32) }]);
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'latency',
    dataConverter,
    workflowsPath: require.resolve('./dispatch-latency-workflow'),
    activities: { first: async () => 1, second: async () => 2 },
    ...(JSON.parse(process.env.WORKER_OPTIONS ?? '{}') as object),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, dataConverter });
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(`latency-${i}`);
    await client.workflow.start('twoStepWorkflow', { taskQueue: 'latency', workflowId: `latency-${i}` });
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const seg: Record<string, number[]> = { 'workflow task': [], 'activity task': [] };
  for (const id of ids.slice(10)) {
    const events = ((await client.workflow.getHandle(id).fetchHistory()).events ?? []) as Event[];
    const byId = new Map(events.map((e) => [String(e.eventId), e]));
    for (const e of events) {
      const a = e.activityTaskStartedEventAttributes ?? e.workflowTaskStartedEventAttributes;
      if (a) {
        const kind = e.activityTaskStartedEventAttributes ? 'activity task' : 'workflow task';
        seg[kind].push(ms(e) - ms(byId.get(String(a.scheduledEventId))));
      }
    }
  }
  console.log(`dev server dynamic config: ${dynamicConfig.join(' ') || '(defaults)'}`);
  for (const [k, v] of Object.entries(seg)) {
    v.sort((a, b) => a - b);
    const p = (q: number) => v[Math.floor((v.length - 1) * q)].toFixed(1);
    console.log(
      `${k} scheduled → started (ms): n ${v.length}, p10 ${p(0.1)}, p50 ${p(0.5)}, p95 ${p(0.95)}, ` +
        `over 20 ms: ${v.filter((x) => x > 20).length}`,
    );
  }
  worker.shutdown();
  await running;
  await connection.close();
  await temporal.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
