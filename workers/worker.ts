// The composition root of the worker: real stores and real providers, wired once.
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
      renderer: createMessageRenderer(stores),
      publicBaseUrl: config.publicBaseUrl,
    }),
    shutdownGraceTime: '10 seconds',
  });
  return {
    worker,
    async run() {
      try {
        await worker.run();
      } finally {
        await connection.close();
        if (!overrides.db) await db.destroy();
      }
    },
    shutdown: () => worker.shutdown(),
  };
}
