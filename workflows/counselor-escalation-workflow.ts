// A counselor says a request needs more than peer support: the on-call lead is alerted at once, durably,
// whatever the request's own workflow is doing (it may have finished long ago).
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { CounselorEscalationInput } from './definitions';

const { alertStaff } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function counselorEscalationWorkflow(input: CounselorEscalationInput): Promise<void> {
  // Each escalation is its own alert (its own idempotency key), however many a counselor raises.
  await alertStaff({
    requestId: input.requestId,
    reason: 'counselor-escalation',
    round: input.escalationId,
    counselorId: input.counselorId,
  });
}
