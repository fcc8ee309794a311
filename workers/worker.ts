// The composition root of the worker: real stores and real providers, wired once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import { createEngine } from '../engine';
import {
  closeChannels,
  createChannels,
  createMessageRenderer,
  createNotifier,
  type EmailSender,
  type SmsSender,
} from '../notifications';
import { createDataConverter, workflowInterceptorModules, workflowWorkspaceResolver } from '../codec';
import { createLogger, lineLog, type Log } from '../log';
import { temporalConnectionOptions, type Config } from '../config';
import { assertMigrated, createDb, createStores } from '../db';
import { setBacklogSource, type BacklogSource } from '../telemetry/metrics';
import { startDispatchOutboxReconciler, type Reconciler } from './dispatch-outbox-reconciler';
import { startNoticeOutboxReconciler } from './notice-outbox-reconciler';
import { createInboxDrainer } from './inbox-drainer';
import { ensureHandoverReminderSchedule, ensurePoolHealthSchedule, ensureRetentionSchedule } from './schedules';

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
  /**
   * Handover reminders scan every workspace of the database; tests that share one database turn their schedule
   * off (and drive the activity directly) so workers of other test files do not send each other's reminders.
   */
  handoverReminders?: boolean;
  /** The daily pool-health schedule is created at start; tests sharing one server make their own instead. */
  poolHealthSchedule?: boolean;
  /** A bundle made once (tests, bench) instead of bundling the workflows at every start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where the worker's own lines go (default: the redacting pino logger). */
  log?: Log;
}

/**
 * The bundle `npm run build` makes beside the compiled code (dist/workflow-bundle.js): the compiled worker
 * loads it instead of bundling the workflows with webpack at start. From the sources (tsx) there is none,
 * so a dev worker always runs the workflows as they are now.
 */
const PREBUILT_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

/** Where Twilio reports delivery (the path the API serves). */
export const statusCallbackUrl = (config: Config): string => `${config.publicBaseUrl}/webhooks/twilio/status`;

export async function createDispatchWorker(config: Config, overrides: WorkerOverrides = {}): Promise<DispatchWorker> {
  const db = overrides.db ?? createDb(config.databaseUrl);
  await assertMigrated(db).catch(async (err) => {
    if (!overrides.db) await db.destroy();
    throw err;
  });
  const log = overrides.log ?? lineLog(createLogger({ level: config.logLevel, name: 'worker' }));
  const stores = createStores(db, config.dataKey);
  const channels = createChannels(config, {
    statusCallbackUrl: statusCallbackUrl(config),
    overrides: { sms: overrides.sms, email: overrides.email },
  });
  const notifier = createNotifier(stores, channels);
  if (!notifier.has('sms')) {
    log('worker: SMS is off (no TWILIO_* set): SMS waves are skipped and offers go by email', 'warn');
  }
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const renderer = createMessageRenderer(stores);
  // Request workflows are sealed with their workspace's key; a payload that is not sealed (someone reaching
  // Temporal without the key) is refused before any workflow sees it.
  const workspaceOf = workflowWorkspaceResolver(async (id) => (await stores.requests.getById(id))?.workspaceId);
  const onRefused = (reason: string, context?: { workflowId?: string }) =>
    log(`security: codec refused a payload (${reason}) workflow=${context?.workflowId ?? '-'}`, 'warn');
  const dataConverter = createDataConverter(config.payloadKeys, { workspaceOf, onRefused, refusal: 'mark' });
  // The worker's own client (the inbox drainer) is told of a refused answer as an error.
  const clientDataConverter = createDataConverter(config.payloadKeys, { workspaceOf, onRefused });
  // SMS replies the engine could not answer while Twilio waited are finished here, once the engine is back;
  // alerts held in a staff member's quiet hours start their morning message through it.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    dataConverter: clientDataConverter,
  });
  const engine = createEngine(temporal, config.temporal.taskQueue);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter,
    ...(overrides.workflowBundle
      ? { workflowBundle: overrides.workflowBundle }
      : config.workflowBundlePath
        ? { workflowBundle: { codePath: config.workflowBundlePath } }
        : existsSync(PREBUILT_BUNDLE)
          ? { workflowBundle: { codePath: PREBUILT_BUNDLE } }
          : {
              workflowsPath: require.resolve('../workflows'),
              interceptors: { workflowModules: workflowInterceptorModules },
            }),
    activities: createActivities({
      stores,
      notifier,
      renderer,
      publicBaseUrl: config.publicBaseUrl,
      onCallLead: (workspaceId, at) => stores.rota.onCallLead(workspaceId, at),
      startMorningMessage: (input) => engine.startMorningMessage(input),
    }),
    shutdownGraceTime: '10 seconds',
    ...workerTuning(config.workerTuning),
  });
  const drainer = createInboxDrainer({
    stores,
    notifier,
    renderer,
    engine,
    log,
  });
  // The daily retention purge (idempotent: an existing schedule is left as it is).
  await ensureRetentionSchedule(engine, config.temporal.taskQueue);
  // Requests stored while Temporal was unreachable are started here once it answers again.
  let reconciler: Reconciler | undefined;
  // Notices of messages, posts and shift swaps the API could not start: a workspace-wide job (it reads every
  // workspace's rows), so only a worker with workspace jobs runs it.
  let notices: Reconciler | undefined;
  // The backlog gauges of the Prometheus endpoint (when one is served) read this worker's database.
  const backlog: BacklogSource = {
    dispatchOutbox: () => stores.dispatchOutbox.backlog(),
    smsInbox: () => stores.sms.inboxBacklog(),
  };
  setBacklogSource(backlog);
  return {
    worker,
    async run() {
      drainer.start();
      if (overrides.poolHealthSchedule !== false && config.workspaceJobs) {
        await ensurePoolHealthSchedule(engine, { taskQueue: config.temporal.taskQueue }).catch((err) =>
          log(`worker: pool-health schedule not ensured: ${(err as Error).name}: ${(err as Error).message}`, 'warn'),
        );
      }
      reconciler = startDispatchOutboxReconciler({ stores, engine, log });
      if (config.workspaceJobs) notices = startNoticeOutboxReconciler({ stores, engine, log });
      if (overrides.handoverReminders !== false && config.workspaceJobs) {
        await ensureHandoverReminderSchedule(engine, config.temporal.taskQueue).catch((err) =>
          log(
            `worker: handover-reminder schedule not ensured: ${(err as Error).name}: ${(err as Error).message}`,
            'warn',
          ),
        );
      }
      try {
        await worker.run();
      } finally {
        await reconciler.stop();
        await notices?.stop();
        await drainer.stop();
        // Nothing sends any more (the worker has drained, the drainer has stopped): the pooled SMTP connections go.
        closeChannels(channels, [overrides.sms, overrides.email]);
        await clientConnection.close();
        await connection.close();
        setBacklogSource(undefined);
        if (!overrides.db) await db.destroy();
      }
    },
    shutdown: () => {
      void reconciler?.stop();
      void notices?.stop();
      void drainer.stop();
      worker.shutdown();
    },
  };
}

/** The configured tuning as worker options; nothing configured: the SDK's defaults. */
function workerTuning(t: Config['workerTuning']): Partial<WorkerOptions> {
  const { resourceTuner, ...fixed } = t;
  const options: Partial<WorkerOptions> = Object.fromEntries(Object.entries(fixed).filter(([, v]) => v !== undefined));
  if (resourceTuner) {
    options.tuner = { tunerOptions: resourceTuner };
  }
  return options;
}
