// The schedules the worker makes sure exist at start. Creating one that exists is not an error: any number
// of workers may start, and the schedule stays one.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { POOL_HEALTH_SCHEDULE_ID, POOL_HEALTH_WORKFLOW, type PoolHealthInput } from '../workflows/pool-definitions';

export async function ensurePoolHealthSchedule(
  client: Client,
  opts: { taskQueue: string; scheduleId?: string; input?: PoolHealthInput; cron?: string },
): Promise<'created' | 'exists'> {
  const scheduleId = opts.scheduleId ?? POOL_HEALTH_SCHEDULE_ID;
  try {
    await client.schedule.create({
      scheduleId,
      // Every morning, 06:00 UTC, before most teams' coordinators start their day.
      spec: { cronExpressions: [opts.cron ?? '0 6 * * *'] },
      action: {
        type: 'startWorkflow',
        workflowType: POOL_HEALTH_WORKFLOW,
        taskQueue: opts.taskQueue,
        workflowId: `${scheduleId}-run`,
        args: [opts.input ?? {}],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
