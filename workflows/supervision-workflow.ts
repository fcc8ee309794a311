// One supervision check-in as a durable timer: the supervisor is told when it is due, the coordinators when it
// is overdue. Marking it done (a signal, and the row the activities read) ends it early; nothing is sent twice.
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import { supervisionDoneSignal, type SupervisionCheckinInput } from './supervision-definitions';

// The notices must arrive whatever it takes: retried without a bound (each is sent once through the ledger).
const care = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

export async function supervisionCheckinWorkflow(input: SupervisionCheckinInput): Promise<'done' | 'escalated'> {
  let done = false;
  setHandler(supervisionDoneSignal, () => {
    done = true;
  });
  const wait = input.dueAt - Date.now();
  if (wait > 0 && (await condition(() => done, wait))) return 'done';
  if (done || (await care.remindSupervisor({ checkinId: input.checkinId })) === 'done') return 'done';
  if (await condition(() => done, Math.max(1, input.overdueAfterMs))) return 'done';
  return (await care.escalateCheckin({ checkinId: input.checkinId })) === 'done' ? 'done' : 'escalated';
}
