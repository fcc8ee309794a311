// The daily retention purge as a Temporal Schedule, created once per task queue at worker start (any number of
// workers may race to create it: the second is told it exists). Its id names the queue, nothing personal.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle } from '@temporalio/client';

export const retentionScheduleIdFor = (taskQueue: string): string => `retention-purge-${taskQueue}`;

export async function ensureRetentionSchedule(client: Client, taskQueue: string): Promise<ScheduleHandle> {
  const scheduleId = retentionScheduleIdFor(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      // Daily at a quiet hour (UTC); a missed run (server down) is caught up within a day.
      spec: { calendars: [{ hour: 3, minute: 30 }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'retentionPurgeWorkflow',
        taskQueue,
        workflowId: scheduleId,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return client.schedule.getHandle(scheduleId);
}
