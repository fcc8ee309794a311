// One request, from match to a winner (or to unmatched or cancelled): the durable heart of dispatch.
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import {
  acceptOfferUpdate,
  assignCounselorUpdate,
  assignmentRefusedSignal,
  cancelRequestUpdate,
  dispatchStatusQuery,
  extendHoldSignal,
  offerDeclinedSignal,
  smsUndeliveredSignal,
  urgentAcknowledgedSignal,
  widenMatchSignal,
  type AcceptResult,
  type AssignResult,
  type CancelResult,
  type DispatchStatus,
  type RequestWorkflowInput,
} from './definitions';
import { STORE_ACTIVITY, sendRetry } from './activity-options';
import { createAftercare } from './aftercare';
import { createFirstContactCheck } from './first-contact';
import { tellIfNobodyCanTake } from './nobody-can-take';
import { DEFAULT_DISPATCH_POLICY } from '../domain/policy';
import { headStartMs, headStartSplit, holdOpenMs, nextWidening, planWaves, requireDuration } from './waves';
import { RequestState, type OfferChannel } from './request-state';

const { matchCounselors, recordAssignment, reopenAfterRefusal, closeRequest } =
  proxyActivities<DispatchActivities>(STORE_ACTIVITY);
// The match is one short query: run in the worker that holds the workflow task, it skips two trips through
// the server (schedule, hand to a worker) on the way to the first SMS. Workflows started before this ran the
// match as a normal activity and replay that way (the patch below).
const { matchCounselors: matchInWorker, loadGroups } = proxyLocalActivities<DispatchActivities>(STORE_ACTIVITY);

const { sendWave, sendAfterWin, alertStaff } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  // sendWave heartbeats every second: a worker that died mid-wave is retried elsewhere within seconds.
  heartbeatTimeout: '5 seconds',
  retry: sendRetry([]),
});

// The first wave, sent from the request's first workflow task (one trip through the server and one workflow task
// fewer on the way to the first SMS). One attempt, bounded well under the workflow task's timeout (10 s; the
// SDK extends a task at 80 % of it): a wave the worker cannot finish in time goes to the sendWave activity with its
// retries, which waits for this attempt's sends (they run in the same worker) instead of sending again.
export const LOCAL_WAVE_BOUND = '4 seconds';
const { sendWave: sendWaveInWorker } = proxyLocalActivities<DispatchActivities>({
  startToCloseTimeout: LOCAL_WAVE_BOUND,
  retry: { maximumAttempts: 1 },
});

export async function requestWorkflow(input: RequestWorkflowInput): Promise<DispatchStatus> {
  const { requestId, policy, urgent } = input;
  // The state and its transitions (request-state.ts); this function wires the handlers and runs the rounds.
  const state = new RequestState(Date.now());
  const { status, isCancelled, isSettled, isOpen } = state;

  setHandler(dispatchStatusQuery, () => status);

  /** Until the request's first send: that one is tried in the worker first (LOCAL_WAVE_BOUND). */
  let firstSend = true;
  /**
   * A counselor's answer (accept, decline) can reach a first workflow task that is run again from the start (its
   * first try was lost with a worker or the server while its wave was at the provider) before this run has marked
   * the wave's counselors offered again: it waits for that, as it was when their SMS went out. Undefined when there
   * is nothing to wait for: the handlers then run as they always did, without an await.
   */
  const untilFirstSend = (): Promise<unknown> | undefined =>
    firstSend && !isSettled() && patched('answer-after-first-send')
      ? condition(() => !firstSend || isSettled())
      : undefined;

  setHandler(offerDeclinedSignal, ({ counselorId }) => {
    const wait = untilFirstSend();
    if (wait) return wait.then(() => state.decline(counselorId));
    state.decline(counselorId);
  });

  setHandler(
    acceptOfferUpdate,
    async ({ counselorId }): Promise<AcceptResult> => {
      const wait = untilFirstSend();
      if (wait) await wait;
      // Updates run one at a time up to their first await, so the first to set the winner wins (those that waited
      // above resume one after another, in the order they came).
      const answer = state.acceptAnswer(counselorId);
      if (answer !== 'win') return answer;
      await win(counselorId, null);
      return 'won';
    },
    {
      validator: ({ counselorId }) => {
        if (typeof counselorId !== 'string' || counselorId.length === 0) throw new Error('counselorId is required');
      },
    },
  );

  setHandler(
    assignCounselorUpdate,
    async ({ counselorId, coordinatorId }): Promise<AssignResult> => {
      const answer = state.assignAnswer();
      if (answer !== 'win') return answer;
      await win(counselorId, coordinatorId);
      return 'assigned';
    },
    {
      validator: ({ counselorId, coordinatorId }) => {
        if (!counselorId || !coordinatorId) throw new Error('counselorId and coordinatorId are required');
      },
    },
  );

  setHandler(assignmentRefusedSignal, ({ counselorId }) => state.refuseAssignment(counselorId));

  // The SMS never arrived: this counselor's email goes out now instead of waiting for the email wave.
  setHandler(smsUndeliveredSignal, async ({ counselorId }) => {
    if (!state.wantsEarlyEmail(counselorId)) return;
    await offer('email', [counselorId], 'early', 0);
  });

  setHandler(widenMatchSignal, async () => {
    const step = nextWidening(policy, status.widened);
    if (!step || !isOpen()) return;
    await rematch([...status.widened, step]);
    if (!isOpen()) return; // settled while the match ran
    // The newly matched hear about it at once, on the channel of the current wave.
    const channel: OfferChannel = status.channel === 'email' ? 'email' : 'sms';
    await offer(channel, state.recipientsFor(channel), `w${status.wave}-widened`, currentWaitMs);
  });

  setHandler(extendHoldSignal, ({ byMs }) => state.extendHold(byMs));

  setHandler(urgentAcknowledgedSignal, () => {
    status.urgentAcknowledged = true;
  });

  setHandler(cancelRequestUpdate, ({ by }): CancelResult => state.cancel(by));

  async function win(counselorId: string, coordinatorId: string | null) {
    state.beginWin(counselorId, coordinatorId, Date.now());
    try {
      await recordAssignment({ requestId, counselorId, assignedBy: coordinatorId });
    } catch (err) {
      state.undoWin();
      throw err;
    }
    state.assignmentRecorded = true;
  }

  /** The intake's match, taken by the first round's first match (one query and one local activity fewer). */
  let intakeMatch = input.matchedAtIntake;
  async function rematch(widening: DispatchStatus['widened']) {
    const fromIntake = intakeMatch;
    intakeMatch = undefined;
    // Workflows started before the intake matched replay without the patch and match here, as they did.
    if (fromIntake && widening.length === 0 && state.excluded.size === 0 && patched('match-at-intake')) {
      state.matchedNow(widening, fromIntake);
      return;
    }
    const match = patched('match-local-activity') ? matchInWorker : matchCounselors;
    state.matchedNow(widening, await match({ requestId, widening, exclude: [...state.excluded] }));
  }

  let currentWaitMs = 0;
  /** Counselors whose offer SMS waits for the end of their quiet hours (one timer each). */
  const heldForQuietHours = new Set<string>();
  /** Late (quiet-hours) offer SMS being sent right now. */
  let lateInFlight = 0;
  /**
   * A late offer SMS already on its way when the request was won or closed goes out first: the "covered" or
   * "withdrawn" message follows it instead of overtaking it. Bounded: a provider that hangs does not hold the
   * request. (Nothing is counted in workflows that began before the count, so they replay unchanged.)
   */
  const lateSendsLanded = async () => {
    if (lateInFlight > 0) await condition(() => lateInFlight === 0, '2 minutes');
  };
  async function offer(
    channel: OfferChannel,
    ids: string[],
    label: string,
    waitMs: number,
    stillQualifies?: { widening: DispatchStatus['widened']; exclude: string[] },
  ) {
    if (ids.length === 0) return;
    // Marked offered before sending: a counselor may tap the link before the activity returns.
    state.markOffered(channel, ids, Date.now());
    const wave = {
      requestId,
      purpose: `offer-r${state.round}-${label}`,
      wave: status.wave,
      channel,
      counselorIds: ids,
      urgent,
      smsIncludesLink: policy.smsIncludesLink,
      validitySeconds: Math.ceil(waitMs / 1000),
      ...(stillQualifies ? { stillQualifies } : {}),
    };
    // Only the request's very first send, and not for an urgent request, whose lead alert is scheduled in this
    // same workflow task and must not wait for the wave. Older requests replay with the activity.
    const inWorker = firstSend && !urgent && patched('first-wave-local');
    firstSend = false;
    let result: { skipped: string[] } | undefined;
    if (inWorker) {
      try {
        result = await sendWaveInWorker(wave);
      } catch (err) {
        if (isCancellation(err)) throw err;
        // Past its bound, or something to retry: the activity below takes the wave over, with retries.
      }
    }
    try {
      result ??= await sendWave(wave);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      // The provider stayed down: count them as not reached on this channel, so the next wave tries them.
      result = { skipped: ids };
    }
    const quiet = (result as { quiet?: { id: string; until: number }[] }).quiet ?? [];
    // Skipped (quiet hours, STOP, no address on this channel): not reached here, so a later wave tries.
    state.markSkipped(channel, result.skipped);
    // In quiet hours: the offer goes by email at once and by SMS when their hours end (requests started
    // before this only skipped them, and replay that way).
    if (channel === 'sms' && quiet.length > 0 && patched('quiet-hours-delay')) {
      const ids = quiet.map((q) => q.id);
      await offer(
        'email',
        ids.filter((id) => !state.reached.email.has(id)),
        `${label}-quiet`,
        waitMs,
      );
      // One timer per held counselor: a later SMS wave (or a widened match) finds them in quiet hours again,
      // and a second timer would send a second SMS under another purpose.
      const byEnd = new Map<number, string[]>();
      for (const q of quiet.filter((h) => !heldForQuietHours.has(h.id)))
        byEnd.set(q.until, [...(byEnd.get(q.until) ?? []), q.id]);
      for (const [until, held] of byEnd) void smsWhenQuietHoursEnd(held, until, label, waitMs);
    }
  }

  /**
   * A durable timer to the end of their quiet hours, then the SMS, if the request is still open in this
   * round and they still qualify (the activity asks the match again); taken or closed meanwhile, it is
   * withdrawn: nothing goes out.
   */
  async function smsWhenQuietHoursEnd(ids: string[], until: number, label: string, waitMs: number) {
    const inRound = state.round;
    for (const id of ids) heldForQuietHours.add(id);
    status.heldForQuietHours = [...(status.heldForQuietHours ?? []), ...ids];
    try {
      const over = () => state.isSettled() || state.round !== inRound || status.phase !== 'offering';
      if (await condition(over, Math.max(1, until - Date.now()))) return;
      const due = ids.filter((id) => !state.declined.has(id) && !state.excluded.has(id) && !state.reached.sms.has(id));
      // Counted while in flight: a win meanwhile waits for it, so "covered" never arrives before the offer.
      const counted = due.length > 0 && patched('quiet-hours-late-in-flight');
      if (counted) lateInFlight += 1;
      try {
        await offer('sms', due, `${label}-late`, waitMs, { widening: status.widened, exclude: [...state.excluded] });
      } finally {
        if (counted) lateInFlight -= 1;
      }
    } finally {
      for (const id of ids) heldForQuietHours.delete(id);
      status.heldForQuietHours = (status.heldForQuietHours ?? []).filter((id) => !ids.includes(id));
    }
  }

  /**
   * The first offer wave with a head start: counselors below their usual load hear first, the rest after the head
   * start (within the wave's wait); overcommitting ones are held to the next wave when the policy says so. With
   * nobody below their load, everyone hears at once. True when settled.
   */
  async function offerWithHeadStart(channel: OfferChannel, wave: number, waitMs: number): Promise<boolean> {
    const ids = state.recipientsFor(channel);
    const split = headStartSplit(ids, await loadGroups({ counselorIds: ids }), policy.holdBackOvercommitted ?? false);
    status.heldBack = split.held;
    const lead = split.first.length ? Math.min(headStartMs(policy), waitMs) : 0;
    await offer(channel, split.first, `w${wave}`, waitMs);
    if (lead > 0 && (await waitSettled(lead))) return true;
    await offer(channel, split.then, `w${wave}`, waitMs);
    return waitSettled(waitMs - lead);
  }

  /** An alert that cannot go out (provider down past the bound) must not stall the request: it moves on. */
  async function alert(reason: Parameters<typeof alertStaff>[0]['reason'], alertRound: number | string) {
    try {
      await alertStaff({ requestId, reason, round: alertRound });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
    }
  }

  /** Waits up to ms, returning early once settled. */
  const waitSettled = async (ms: number) => (ms > 0 ? condition(isSettled, ms) : isSettled());

  async function dispatchRound() {
    if (status.phase === 'cancelled') return;
    status.phase = 'offering';
    await rematch(status.widened);
    while (state.matched.length === 0) {
      const step = nextWidening(policy, status.widened);
      if (!step) break;
      await rematch([...status.widened, step]);
    }
    // Nobody (or nobody without widening): the coordinator hears at once rather than after the waves.
    if (state.matched.length === 0 || status.widened.length > 0) {
      await alert(state.matched.length === 0 ? 'no-match' : 'widened', state.round);
    }
    // Nobody at all (not merely nobody free now): the requester hears at once, not after every wait.
    if (state.matched.length === 0 && patched('nobody-can-take-tell-requester'))
      await tellIfNobodyCanTake({
        requestId,
        widening: status.widened,
        exclude: [...state.excluded],
        alternatives: policy.alternatives,
      });
    let spread = headStartMs(policy) > 0;
    for (const wave of planWaves(policy, urgent)) {
      if (isSettled()) return;
      status.wave = wave.wave;
      status.channel = wave.channel;
      currentWaitMs = wave.waitMs;
      if (wave.channel === 'alert') await alert('no-accept', state.round);
      // Spread the work (only a policy with a head start asks, so older requests replay untouched).
      else if (spread && patched('head-start')) {
        spread = false;
        if (await offerWithHeadStart(wave.channel, wave.wave, wave.waitMs)) return;
        continue;
      } else await offer(wave.channel, state.recipientsFor(wave.channel), `w${wave.wave}`, wave.waitMs);
      if (await waitSettled(wave.waitMs)) return;
    }
    // Open for manual assignment; a coordinator's extension moves the end.
    status.holdUntil = Date.now() + holdOpenMs(policy, urgent) + state.extraHoldMs;
    while (!isSettled() && Date.now() < status.holdUntil) {
      const until = status.holdUntil;
      await condition(() => isSettled() || status.holdUntil !== until, Math.max(1, until - Date.now()));
    }
  }

  /**
   * A person who may be in danger now: the on-call lead hears at once, alongside the first wave rather
   * than after it; the alert repeats until someone acknowledges it, then goes to the coordinators.
   */
  async function urgentEscalation() {
    const ackWaitMs = requireDuration(policy.urgentAckWait ?? DEFAULT_DISPATCH_POLICY.urgentAckWait!);
    const repeats = policy.urgentAlertRepeats ?? DEFAULT_DISPATCH_POLICY.urgentAlertRepeats!;
    for (let attempt = 0; attempt <= repeats; attempt++) {
      status.urgentAlerts += 1;
      await alert('urgent', attempt + 1);
      if (await condition(() => status.urgentAcknowledged, ackWaitMs)) return;
    }
    await alert('urgent-unacknowledged', 1);
  }
  const urgentBranch = urgent ? urgentEscalation() : Promise.resolve();
  const aftercare = createAftercare({ requestId, policy, status, alert });
  const firstContact = createFirstContactCheck({
    requestId,
    policy,
    status,
    round: () => state.round,
    alert,
    release: aftercare.release,
  });

  /** Back to dispatch without this counselor (refused an assignment, handed back, or released by a coordinator). */
  async function backToDispatch(counselorId: string, reason: 'assignment-refused' | 'handed-back' | 'released') {
    await reopenAfterRefusal({ requestId, counselorId, event: reason });
    state.exclude(counselorId);
    // A release is the coordinators' own act: the winner is told instead of the coordinators being alerted.
    if (reason === 'released') await firstContact.tellReleased(counselorId, state.round);
    else await alert(reason, state.round);
    state.startNewRound();
  }

  for (;;) {
    await dispatchRound();
    if (status.winner === null || isCancelled()) break;
    await condition(() => state.assignmentRecorded);
    await lateSendsLanded();
    try {
      await sendAfterWin({
        requestId,
        round: state.round,
        winnerId: status.winner,
        assignedBy: status.assignedBy,
        others: state.othersReached(status.winner),
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err; // the assignment stands; the timeline shows what went out
    }
    if (status.assignedBy === null) {
      state.assignmentFinal = true;
    } else {
      const refusalWindowMs = requireDuration(policy.assignmentRefusalWindow);
      const refused =
        refusalWindowMs > 0 && (await condition(() => state.refusedBy !== null || isCancelled(), refusalWindowMs));
      if (refused && state.refusedBy !== null) {
        await backToDispatch(state.refusedBy, 'assignment-refused');
        if (isCancelled()) break; // cancelled while the refusal was being handled
        continue;
      }
      state.assignmentFinal = !isCancelled();
      if (!state.assignmentFinal) break;
    }
    // The request is theirs: schedule the session, then the after-care. A hand-back dispatches again.
    const winner = status.winner;
    void firstContact.watch(state.round, status.aftercare?.sessionId);
    if ((await aftercare.run(winner, state.round)) === 'closed') break;
    state.assignmentFinal = false;
    const released = status.firstContact?.round === state.round && status.firstContact.releasedBy !== null;
    await backToDispatch(winner, released ? 'released' : 'handed-back');
  }

  if (status.phase === 'cancelled' || status.winner === null) {
    const phase = state.close(Date.now());
    await lateSendsLanded();
    await closeRequest({
      requestId,
      phase,
      round: state.round,
      cancelledBy: status.cancelledBy,
      notify: state.othersReached(null),
      alternatives: policy.alternatives,
    });
  }
  // The urgent alert runs its course (acknowledged, or handed to the coordinators) whatever the dispatch did.
  await urgentBranch;
  // An accept that lost the race may still be finishing: let it answer before the workflow closes.
  await condition(allHandlersFinished);
  return status;
}
