// The worker of `bench/engine-ceiling.ts`, in a process of its own so that its CPU is counted apart from the
// driver's and the server's. Its one activity does no work: it tells the driver (over the IPC channel) when the
// first wave of a workflow ran, which is where the real worker would send the first SMS.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createDataConverter } from '../codec';

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS;
  const key = process.env.BENCH_PAYLOAD_KEY;
  if (!address || !key || !process.send) throw new Error('started by bench/engine-ceiling.ts only');
  const send = process.send.bind(process);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue: 'engine-ceiling',
    // The product's payload encryption, as the real worker runs it.
    dataConverter: createDataConverter([{ id: 'bench', key: Buffer.from(key, 'base64') }]),
    workflowsPath: require.resolve('./engine-ceiling-workflow'),
    activities: {
      firstWave: async (id: string) => {
        send({ ran: id, at: performance.timeOrigin + performance.now() });
      },
    },
  });
  process.once('SIGTERM', () => worker.shutdown());
  // The driver gone (killed, crashed): nothing is left to measure.
  process.once('disconnect', () => worker.shutdown());
  send({ ready: true });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
