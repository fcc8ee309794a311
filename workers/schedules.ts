// Every Temporal Schedule of the product, declared here and nowhere else: what runs on a clock runs as a
// workflow (retried, recorded, visible in the Temporal UI), not in a loop of the worker. The worker makes sure
// they exist at start. Creating one that exists is not an error: any number of workers may start, and the
// schedule stays one. (The two pollers that must outlive Temporal outages are in workers/poller.ts.)
import type { Engine, ScheduleHandle } from '../engine';
import { handoverRemindersWorkflow, poolHealthWorkflow, retentionPurgeWorkflow } from '../workflows';
import { POOL_HEALTH_SCHEDULE_ID, type PoolHealthInput } from '../workflows/pool-definitions';

/** What the schedules need of the engine: create one unless it exists, and find one. */
type Schedules = Pick<Engine, 'ensureSchedule' | 'schedule'>;

// ---- pool health: daily, one for the deployment ----------------------------------------------------------------

export async function ensurePoolHealthSchedule(
  engine: Schedules,
  opts: { taskQueue: string; scheduleId?: string; input?: PoolHealthInput; cron?: string },
): Promise<'created' | 'exists'> {
  const scheduleId = opts.scheduleId ?? POOL_HEALTH_SCHEDULE_ID;
  return engine.ensureSchedule({
    scheduleId,
    // Every morning, 06:00 UTC, before most teams' coordinators start their day.
    spec: { cronExpressions: [opts.cron ?? '0 6 * * *'] },
    action: {
      type: 'startWorkflow',
      workflowType: poolHealthWorkflow,
      taskQueue: opts.taskQueue,
      workflowId: `${scheduleId}-run`,
      args: [opts.input ?? {}],
    },
    policies: { overlap: 'SKIP' },
  });
}

// ---- retention purge: daily, one per task queue (its id names the queue, nothing personal) ---------------------

export const retentionScheduleIdFor = (taskQueue: string): string => `retention-purge-${taskQueue}`;

export async function ensureRetentionSchedule(engine: Schedules, taskQueue: string): Promise<ScheduleHandle> {
  const scheduleId = retentionScheduleIdFor(taskQueue);
  await engine.ensureSchedule({
    scheduleId,
    // Daily at a quiet hour (UTC); a missed run (server down) is caught up within a day.
    spec: { calendars: [{ hour: 3, minute: 30 }] },
    action: {
      type: 'startWorkflow',
      workflowType: retentionPurgeWorkflow,
      taskQueue,
      workflowId: scheduleId,
      args: [],
    },
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  });
  return engine.schedule(scheduleId);
}

// ---- handover reminders: every minute, one per task queue --------------------------------------------------------

export const handoverReminderScheduleIdFor = (taskQueue: string): string => `handover-reminders-${taskQueue}`;

export async function ensureHandoverReminderSchedule(
  engine: Schedules,
  taskQueue: string,
): Promise<'created' | 'exists'> {
  const scheduleId = handoverReminderScheduleIdFor(taskQueue);
  return engine.ensureSchedule({
    scheduleId,
    // Each run reminds the leads whose shift starts within the hour; the sends are keyed per shift, so
    // overlapping windows send nothing twice. A run missed while the server was down is not worth catching up.
    spec: { intervals: [{ every: '1 minute' }] },
    action: {
      type: 'startWorkflow',
      workflowType: handoverRemindersWorkflow,
      taskQueue,
      workflowId: `${scheduleId}-run`,
      args: [],
    },
    policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
  });
}
