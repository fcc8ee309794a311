// The composition root of the worker: real stores and real providers, wired once.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import {
  createActivities,
  createMessageRenderer,
  createNotifier,
  createSmtpEmailSender,
  createTwilioSmsSender,
  type EmailSender,
  type SmsSender,
} from '../activities';
import type { Config } from '../config';
import { createDb, createStores } from '../db';
import { startDispatchOutboxReconciler, type Reconciler } from './dispatch-outbox-reconciler';
import { createInboxDrainer } from './inbox-drainer';

export interface DispatchWorker {
  worker: Worker;
  /** Stops polling, lets running tasks finish, then closes the connections. */
  run(): Promise<void>;
  shutdown(): void;
}

export interface WorkerOverrides {
  db?: Knex;
  sms?: SmsSender;
  email?: EmailSender;
  /** A bundle made once (tests, bench) instead of bundling the workflows at every start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Where Twilio reports delivery (the path the API serves). */
export const statusCallbackUrl = (config: Config): string => `${config.publicBaseUrl}/webhooks/twilio/status`;

export async function createDispatchWorker(config: Config, overrides: WorkerOverrides = {}): Promise<DispatchWorker> {
  const db = overrides.db ?? createDb(config.databaseUrl);
  const stores = createStores(db, config.dataKey);
  const notifier = createNotifier(stores, {
    sms: overrides.sms ?? createTwilioSmsSender({ ...config.twilio, statusCallbackUrl: statusCallbackUrl(config) }),
    email: overrides.email ?? createSmtpEmailSender(config.smtpUrl, config.mailFrom),
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const renderer = createMessageRenderer(stores);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(overrides.workflowBundle
      ? { workflowBundle: overrides.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({
      stores,
      notifier,
      renderer,
      publicBaseUrl: config.publicBaseUrl,
      onCallLead: async (workspaceId) =>
        (await stores.users.listStaff(workspaceId)).find((u) => u.role === 'lead') ?? null,
    }),
    shutdownGraceTime: '10 seconds',
  });
  // SMS replies the engine could not answer while Twilio waited are finished here, once the engine is back.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const drainer = createInboxDrainer({ stores, notifier, renderer, temporal, log: (msg) => console.warn(msg) });
  // Requests stored while Temporal was unreachable are started here once it answers again.
  let reconciler: Reconciler | undefined;
  return {
    worker,
    async run() {
      drainer.start();
      reconciler = startDispatchOutboxReconciler({ stores, temporal, taskQueue: config.temporal.taskQueue });
      try {
        await worker.run();
      } finally {
        await reconciler.stop();
        await drainer.stop();
        await clientConnection.close();
        await connection.close();
        if (!overrides.db) await db.destroy();
      }
    },
    shutdown: () => {
      void reconciler?.stop();
      void drainer.stop();
      worker.shutdown();
    },
  };
}
