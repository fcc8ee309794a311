// After the win, inside the request workflow: scheduling the session, reminders, the outcome, and the
// after-care tasks. Handlers are installed once at the start (they answer "not now" outside their phase).
import { ActivityFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { startSupervisionCheckins } from './supervision-start';
import type { DispatchActivities } from '../activities';
import {
  confirmSlotUpdate,
  debriefDoneSignal,
  handBackUpdate,
  outOfScopeUpdate,
  proposeSlotsUpdate,
  recordOutcomeUpdate,
  rescheduleUpdate,
  type AftercareStatus,
  type DispatchStatus,
  type Slot,
} from './definitions';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../domain/policy';
import { requireDuration } from './waves';
import { STORE_ACTIVITY, sendRetry } from './activity-options';
import { AftercareState, checkOutcome, checkSlots, type Outcome } from './aftercare-state';

const store = proxyActivities<DispatchActivities>(STORE_ACTIVITY);
// Sends: bounded like the dispatch sends, so a provider outage moves the session on instead of stalling it.
const send = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: sendRetry(['SessionNotFound']),
});

// The debrief must reach the lead whatever it takes: retried without a bound (it is idempotent).
const persistent = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

/** A send that stayed refused past its bound: the timeline and the task list show it; the session goes on. */
async function bounded(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
  }
}

type AlertFn = (
  reason: 'handed-back' | 'unconfirmed' | 'missing-outcome' | 'debrief-overdue' | 'out-of-scope',
  round: number | string,
) => Promise<void>;

export function createAftercare(ctx: {
  requestId: string;
  policy: DispatchPolicy;
  status: DispatchStatus;
  alert: AlertFn;
}) {
  const { requestId, policy, status } = ctx;
  const duration = (key: keyof DispatchPolicy) =>
    requireDuration((policy[key] as string | undefined) ?? (DEFAULT_DISPATCH_POLICY[key] as string));

  const st = new AftercareState(status);
  setHandler(proposeSlotsUpdate, ({ sessionId, slots }) => st.propose(sessionId, slots), {
    validator: ({ slots }) => checkSlots(slots),
  });
  setHandler(confirmSlotUpdate, ({ sessionId, proposal, index }) => st.confirm(sessionId, proposal, index, Date.now()));
  setHandler(rescheduleUpdate, ({ sessionId, by }) => st.reschedule(sessionId, by));
  setHandler(handBackUpdate, ({ sessionId }) => st.handBack(sessionId));
  setHandler(
    recordOutcomeUpdate,
    ({ sessionId, outcome, hard, category }) => st.recordOutcome(sessionId, outcome, hard, category),
    { validator: ({ outcome, hard, category }) => checkOutcome(outcome, hard, category) },
  );
  setHandler(outOfScopeUpdate, ({ sessionId }) => st.markOutOfScope(sessionId));
  setHandler(debriefDoneSignal, ({ taskId }) => st.debriefDone(taskId));

  /** Waits until an instant, returning early (true) when the session is rescheduled or handed back. */
  async function until(at: number): Promise<boolean> {
    const ms = at - Date.now();
    return ms > 0 ? condition(st.interrupted, ms) : st.interrupted();
  }

  /** Proposals until a slot is confirmed (or the request is handed back); alerts once per stint when slow. */
  async function schedule(a: AftercareStatus, stint: number): Promise<'confirmed' | 'handed-back' | 'out-of-scope'> {
    status.phase = 'scheduling';
    a.confirmed = null;
    const deadline = Date.now() + duration('confirmWithin');
    let alerted = false;
    for (;;) {
      const moved = alerted
        ? (await condition(st.schedulingMoved), true)
        : await condition(st.schedulingMoved, Math.max(1, deadline - Date.now()));
      if (st.handedBack) return 'handed-back';
      if (st.outOfScope) return 'out-of-scope';
      if (st.rescheduleBy && !st.pendingProposal && !a.confirmed) {
        // None of the proposed times work for the requester: the counselor is asked for others.
        const by = st.rescheduleBy;
        const asked = a.proposal;
        await store.reopenScheduling({ sessionId: a.sessionId, by, n: `${stint}-p${a.proposal}` });
        st.rescheduleBy = null;
        // The counselor may have proposed again while they were being told (they act on the text at once):
        // those new times stand; only the refused ones are cleared. Clearing them made a link in the next
        // proposal email answer 409 "not now".
        if (a.proposal === asked) a.proposed = [];
        continue;
      }
      if (st.pendingProposal) {
        const slots = st.pendingProposal;
        const proposal = a.proposal;
        await bounded(() => send.sendProposal({ sessionId: a.sessionId, proposal, slots }));
        // A newer proposal may have come in while this one was sent: the loop sends that next.
        if (st.pendingProposal === slots) st.pendingProposal = null;
        continue;
      }
      if (a.confirmed) return 'confirmed';
      if (!moved && !alerted) {
        alerted = true;
        a.unconfirmedAlerts += 1;
        await store.openTask({ sessionId: a.sessionId, kind: 'unconfirmed', dueInMs: 0 });
        await ctx.alert('unconfirmed', `${a.sessionId}-${stint}`);
      }
    }
  }

  async function awaitOutcome(a: AftercareStatus): Promise<Outcome> {
    status.phase = 'after-care';
    a.outcomeRequests += 1;
    await bounded(() => send.askOutcome({ sessionId: a.sessionId, attempt: 1, confirmation: a.confirmations }));
    if (await condition(st.hasOutcome, duration('outcomeNudgeAfter'))) return st.outcome as Outcome;
    a.outcomeRequests += 1;
    await bounded(() => send.askOutcome({ sessionId: a.sessionId, attempt: 2, confirmation: a.confirmations }));
    if (await condition(st.hasOutcome, duration('outcomeEscalateAfter'))) return st.outcome as Outcome;
    a.outcomeEscalated = true;
    await store.openTask({ sessionId: a.sessionId, kind: 'missing-outcome', dueInMs: 0 });
    await ctx.alert('missing-outcome', `${a.sessionId}-${a.confirmations}`);
    await condition(st.hasOutcome);
    return st.outcome as Outcome;
  }

  /** From the win to closed; 'handed-back' sends the request back to dispatch without this counselor. */
  async function run(counselorId: string, round: number): Promise<'closed' | 'handed-back'> {
    const { sessionId } = await store.openSession({ requestId, counselorId, round });
    const a = st.begin(sessionId);

    let result: Outcome;
    for (let stint = 1; ; stint++) {
      const scheduled = await schedule(a, stint);
      if (scheduled === 'handed-back') break;
      if (scheduled === 'out-of-scope') return closeOutOfScope(a);
      const slot = a.confirmed as Slot;
      a.confirmations += 1;
      status.phase = 'scheduled';
      const confirmation = a.confirmations;
      await bounded(() => send.confirmSlot({ sessionId, slot, confirmation }));

      // Reminders: durable timers, earliest offset first; one that is already past is skipped.
      const offsets = (policy.reminders ?? DEFAULT_DISPATCH_POLICY.reminders ?? [])
        .map((label) => ({ label, ms: requireDuration(label) }))
        .sort((x, y) => y.ms - x.ms);
      let moved = false;
      for (const r of offsets) {
        const at = slot.start - r.ms;
        if (at <= Date.now()) continue;
        if ((moved = await until(at))) break;
        a.reminders.push(r.label);
        await bounded(() => send.sendReminder({ sessionId, label: r.label, confirmation }));
      }
      if (!moved) moved = await until(slot.end);
      if (st.handedBack) break;
      if (st.outOfScope) return closeOutOfScope(a);
      if (moved && st.rescheduleBy) {
        const by = st.rescheduleBy;
        await store.reopenScheduling({ sessionId, by, n: stint });
        st.rescheduleBy = null;
        a.proposed = [];
        continue;
      }

      result = await awaitOutcome(a);
      a.outcome = result.outcome;
      a.hard = result.hard;
      await store.saveOutcome({ sessionId, ...result });
      if (result.outcome !== 'rescheduled') return closeWith(a, result);
      // Held another time: back to proposing, and a fresh outcome for the new slot.
      await store.reopenScheduling({ sessionId, by: 'counselor', n: stint });
      st.outcome = null;
      a.outcome = null;
      a.hard = null;
      a.proposed = [];
    }
    await store.setSessionState({ sessionId, state: 'handed-back' });
    await bounded(() => send.tellRequesterHandedBack({ sessionId }));
    return 'handed-back';
  }

  /** Needs more than peer support: the requester hears the alternatives, the coordinators get a task. */
  async function closeOutOfScope(a: AftercareStatus): Promise<'closed'> {
    a.outOfScope = true;
    await persistent.markOutOfScope({ sessionId: a.sessionId, alternatives: policy.alternatives });
    await ctx.alert('out-of-scope', a.sessionId);
    status.phase = 'closed';
    await store.closeAssignedRequest({ requestId: ctx.requestId });
    return 'closed';
  }

  async function closeWith(a: AftercareStatus, result: Outcome): Promise<'closed'> {
    if (result.outcome === 'held') {
      if (result.hard) {
        const { taskId } = await persistent.openDebrief({ sessionId: a.sessionId, dueInMs: duration('debriefWithin') });
        a.debriefTaskId = taskId;
      }
      const supervisionDue = duration(result.hard ? 'supervisionAfterHard' : 'supervisionAfter');
      const supervision = await store.openSupervision({ sessionId: a.sessionId, dueInMs: supervisionDue });
      a.supervisionTaskId = supervision.taskId;
      await startSupervisionCheckins(policy, { sessionId: a.sessionId, hard: result.hard, dueInMs: supervisionDue });
      if (result.hard && !(await condition(st.isDebriefDone, duration('debriefWithin')))) {
        a.debriefEscalated = true;
        await ctx.alert('debrief-overdue', a.sessionId);
        await condition(st.isDebriefDone);
      }
      a.debriefDone = st.isDebriefDone();
    }
    status.phase = 'closed';
    await store.setSessionState({ sessionId: a.sessionId, state: 'closed' });
    await store.closeAssignedRequest({ requestId: ctx.requestId });
    return 'closed';
  }

  // A coordinator releases the request from a silent winner (aftercare-state.ts: release).
  return { run, release: () => st.release() };
}
