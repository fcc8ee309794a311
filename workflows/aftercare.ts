// After the win, inside the request workflow: scheduling the session, reminders, the outcome, and the
// after-care tasks. Handlers are installed once at the start (they answer "not now" outside their phase).
import { ActivityFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import {
  confirmSlotUpdate,
  debriefDoneSignal,
  handBackUpdate,
  outOfScopeUpdate,
  MAX_PROPOSED_SLOTS,
  proposeSlotsUpdate,
  recordOutcomeUpdate,
  rescheduleUpdate,
  type AftercareStatus,
  type DispatchStatus,
  type HardCategoryValue,
  type SessionOutcomeValue,
  type Slot,
} from './definitions';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../domain/policy';
import { requireDuration } from './waves';
import { STORE_ACTIVITY, sendRetry } from './activity-options';

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

interface Outcome {
  outcome: SessionOutcomeValue;
  hard: boolean;
  category: HardCategoryValue | null;
}

export function createAftercare(ctx: {
  requestId: string;
  policy: DispatchPolicy;
  status: DispatchStatus;
  alert: AlertFn;
}) {
  const { requestId, policy, status } = ctx;
  const duration = (key: keyof DispatchPolicy) =>
    requireDuration((policy[key] as string | undefined) ?? (DEFAULT_DISPATCH_POLICY[key] as string));

  // What the handlers hand to the main loop.
  let pendingProposal: Slot[] | null = null;
  let rescheduleBy: 'counselor' | 'requester' | null = null;
  let handedBack = false;
  let outOfScope = false;
  let outcome: Outcome | null = null;

  const s = (): AftercareStatus | undefined => status.aftercare;
  const isSession = (sessionId: string) => s()?.sessionId === sessionId;

  setHandler(
    proposeSlotsUpdate,
    ({ sessionId, slots }) => {
      const a = s();
      if (!a || !isSession(sessionId) || status.phase !== 'scheduling') return 'not-scheduling';
      a.proposal += 1;
      a.proposed = slots;
      pendingProposal = slots;
      return 'proposed';
    },
    {
      validator: ({ slots }) => {
        if (!Array.isArray(slots) || slots.length < 1 || slots.length > MAX_PROPOSED_SLOTS)
          throw new Error(`one to ${MAX_PROPOSED_SLOTS} slots`);
        for (const slot of slots) {
          if (!Number.isFinite(slot?.start) || !Number.isFinite(slot?.end) || slot.end <= slot.start)
            throw new Error('each slot needs a start before its end');
        }
      },
    },
  );

  setHandler(confirmSlotUpdate, ({ sessionId, proposal, index }) => {
    const a = s();
    if (!a || !isSession(sessionId)) return 'not-scheduling';
    if (a.confirmed && proposal === a.proposal && status.phase === 'scheduled') return 'already-confirmed';
    // The current proposal may still be on its way to the other channel when the requester, who already has
    // the email, picks a time: that is a confirm, not a "not now" (the loop sends the rest, then sees it).
    if (status.phase !== 'scheduling') return 'not-scheduling';
    const slot = a.proposed[index];
    if (proposal !== a.proposal || !slot || slot.start <= Date.now()) return 'stale';
    a.confirmed = slot;
    return 'confirmed';
  });

  setHandler(rescheduleUpdate, ({ sessionId, by }) => {
    // While scheduled either side may; while scheduling the requester may say none of the proposed times work.
    const noneWork = status.phase === 'scheduling' && by === 'requester' && (s()?.proposed.length ?? 0) > 0;
    const possible = status.phase === 'scheduled' || noneWork;
    if (!isSession(sessionId) || !possible || rescheduleBy || handedBack || outOfScope) return 'not-possible';
    rescheduleBy = by;
    return 'rescheduling';
  });

  setHandler(handBackUpdate, ({ sessionId }) => {
    // Out of scope already goes to the coordinators with the requester told the alternatives: no re-dispatch.
    if (!isSession(sessionId) || (status.phase !== 'scheduling' && status.phase !== 'scheduled') || outOfScope)
      return 'not-possible';
    handedBack = true;
    return 'handed-back';
  });

  setHandler(
    recordOutcomeUpdate,
    ({ sessionId, outcome: o, hard, category }) => {
      if (!isSession(sessionId) || status.phase !== 'after-care' || outcome) return 'not-expected';
      outcome = { outcome: o, hard: o === 'held' && hard, category: o === 'held' && hard ? category : null };
      return 'recorded';
    },
    {
      validator: ({ outcome: o, hard, category }) => {
        if (!['held', 'no-show', 'rescheduled'].includes(o)) throw new Error('outcome: held, no-show or rescheduled');
        if (typeof hard !== 'boolean') throw new Error('hard: true or false');
        if (hard && o === 'held' && !category) throw new Error('a hard session needs its category');
      },
    },
  );

  setHandler(outOfScopeUpdate, ({ sessionId }) => {
    const open = status.phase === 'scheduling' || status.phase === 'scheduled';
    if (!isSession(sessionId) || !open || handedBack || outOfScope) return 'not-possible';
    outOfScope = true;
    return 'marked';
  });

  // Every reported task id is kept: a lead may mark the debrief done before openDebrief has even returned.
  const doneTasks = new Set<string>();
  setHandler(debriefDoneSignal, ({ taskId }) => {
    doneTasks.add(taskId);
  });
  const debriefIsDone = () => {
    const id = s()?.debriefTaskId;
    return id !== undefined && id !== null && doneTasks.has(id);
  };

  const interrupted = () => rescheduleBy !== null || handedBack || outOfScope;

  /** Waits until an instant, returning early (true) when the session is rescheduled or handed back. */
  async function until(at: number): Promise<boolean> {
    const ms = at - Date.now();
    return ms > 0 ? condition(interrupted, ms) : interrupted();
  }

  /** Proposals until a slot is confirmed (or the request is handed back); alerts once per stint when slow. */
  async function schedule(a: AftercareStatus, stint: number): Promise<'confirmed' | 'handed-back' | 'out-of-scope'> {
    status.phase = 'scheduling';
    a.confirmed = null;
    const deadline = Date.now() + duration('confirmWithin');
    let alerted = false;
    for (;;) {
      const settled = () =>
        pendingProposal !== null || a.confirmed !== null || handedBack || outOfScope || rescheduleBy !== null;
      const moved = alerted
        ? (await condition(settled), true)
        : await condition(settled, Math.max(1, deadline - Date.now()));
      if (handedBack) return 'handed-back';
      if (outOfScope) return 'out-of-scope';
      if (rescheduleBy && !pendingProposal && !a.confirmed) {
        // None of the proposed times work for the requester: the counselor is asked for others.
        const by = rescheduleBy;
        const asked = a.proposal;
        await store.reopenScheduling({ sessionId: a.sessionId, by, n: `${stint}-p${a.proposal}` });
        rescheduleBy = null;
        // The counselor may have proposed again while they were being told (they act on the text at once):
        // those new times stand; only the refused ones are cleared. Clearing them made a link in the next
        // proposal email answer 409 "not now".
        if (a.proposal === asked) a.proposed = [];
        continue;
      }
      if (pendingProposal) {
        const slots = pendingProposal;
        const proposal = a.proposal;
        await bounded(() => send.sendProposal({ sessionId: a.sessionId, proposal, slots }));
        // A newer proposal may have come in while this one was sent: the loop sends that next.
        if (pendingProposal === slots) pendingProposal = null;
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
    if (await condition(() => outcome !== null, duration('outcomeNudgeAfter'))) return outcome as Outcome;
    a.outcomeRequests += 1;
    await bounded(() => send.askOutcome({ sessionId: a.sessionId, attempt: 2, confirmation: a.confirmations }));
    if (await condition(() => outcome !== null, duration('outcomeEscalateAfter'))) return outcome as Outcome;
    a.outcomeEscalated = true;
    await store.openTask({ sessionId: a.sessionId, kind: 'missing-outcome', dueInMs: 0 });
    await ctx.alert('missing-outcome', `${a.sessionId}-${a.confirmations}`);
    await condition(() => outcome !== null);
    return outcome as Outcome;
  }

  /** From the win to closed; 'handed-back' sends the request back to dispatch without this counselor. */
  async function run(counselorId: string, round: number): Promise<'closed' | 'handed-back'> {
    const { sessionId } = await store.openSession({ requestId, counselorId, round });
    const a: AftercareStatus = {
      sessionId,
      proposal: 0,
      proposed: [],
      confirmed: null,
      confirmations: 0,
      reminders: [],
      outcomeRequests: 0,
      outcome: null,
      hard: null,
      unconfirmedAlerts: 0,
      outcomeEscalated: false,
      debriefTaskId: null,
      debriefDone: false,
      debriefEscalated: false,
      supervisionTaskId: null,
      outOfScope: false,
    };
    status.aftercare = a;
    pendingProposal = null;
    rescheduleBy = null;
    handedBack = false;
    outOfScope = false;
    outcome = null;

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
      if (handedBack) break;
      if (outOfScope) return closeOutOfScope(a);
      if (moved && rescheduleBy) {
        const by = rescheduleBy;
        await store.reopenScheduling({ sessionId, by, n: stint });
        rescheduleBy = null;
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
      outcome = null;
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
      const supervision = await store.openSupervision({
        sessionId: a.sessionId,
        dueInMs: duration(result.hard ? 'supervisionAfterHard' : 'supervisionAfter'),
      });
      a.supervisionTaskId = supervision.taskId;
      if (result.hard && !(await condition(debriefIsDone, duration('debriefWithin')))) {
        a.debriefEscalated = true;
        await ctx.alert('debrief-overdue', a.sessionId);
        await condition(debriefIsDone);
      }
      a.debriefDone = debriefIsDone();
    }
    status.phase = 'closed';
    await store.setSessionState({ sessionId: a.sessionId, state: 'closed' });
    await store.closeAssignedRequest({ requestId: ctx.requestId });
    return 'closed';
  }

  return { run };
}
