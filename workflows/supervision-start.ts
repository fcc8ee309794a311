// From the after-care: the session's supervision check-in (and a cool-down's, when the hard outcome starts one)
// each get a timer workflow of their own that outlives the request. Guarded: histories recorded before it replay.
import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../domain/policy';
import { STORE_ACTIVITY } from './activity-options';
import { supervisionCheckinWorkflowId } from './supervision-definitions';
import { supervisionCheckinWorkflow } from './supervision-workflow';
import { requireDuration } from './waves';

const store = proxyActivities<DispatchActivities>(STORE_ACTIVITY);

export async function startSupervisionCheckins(
  policy: DispatchPolicy,
  input: { sessionId: string; hard: boolean; dueInMs: number },
): Promise<void> {
  if (!patched('care-supervision-checkins')) return;
  const p = { ...DEFAULT_DISPATCH_POLICY, ...policy };
  const after = p.coolDownAfter ?? 0;
  const coolDown =
    after > 0
      ? {
          after,
          withinMs: requireDuration(p.coolDownWithin ?? '7d'),
          holdMs: requireDuration(p.coolDownHold ?? '3d'),
          // Only when set: the activity's input stays as recorded histories have it.
          ...(p.coolDownAlsoHolds?.length ? { alsoHolds: p.coolDownAlsoHolds } : {}),
        }
      : null;
  const { checkins } = await store.openSupervisionCheckins({
    sessionId: input.sessionId,
    dueInMs: input.dueInMs,
    hard: input.hard,
    coolDown,
  });
  const overdueAfterMs = requireDuration(p.supervisionOverdueAfter ?? '2d');
  for (const c of checkins) {
    await startChild(supervisionCheckinWorkflow, {
      workflowId: supervisionCheckinWorkflowId(c.checkinId),
      args: [{ checkinId: c.checkinId, dueAt: c.dueAt, overdueAfterMs }],
      // The check-in outlives the request, which closes right after.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
}
