// The one Temporal client of the API and the worker's pollers: a typed verb per thing they ask of a
// workflow. Ids come from the definitions, workflows are started by function reference, and the verbs that
// only tell a workflow something (signals) answer false when it has already finished.
import type { NoticeKind } from '../domain/notice-kinds';
import { ScheduleAlreadyRunning, type Client, type ScheduleHandle, type ScheduleOptions } from '@temporalio/client';
import {
  acceptOfferUpdate,
  assignCounselorUpdate,
  assignmentRefusedSignal,
  cancelRequestUpdate,
  confirmFirstContactUpdate,
  confirmSlotUpdate,
  contactAnswerUpdate,
  counselorEscalationWorkflowId,
  debriefDoneSignal,
  dispatchStatusQuery,
  extendHoldSignal,
  handBackUpdate,
  messageNotificationWorkflowId,
  teamChannelNoticeWorkflowId,
  offerDeclinedSignal,
  outOfScopeUpdate,
  proposeSlotsUpdate,
  recordOutcomeUpdate,
  releaseRequestUpdate,
  rescheduleUpdate,
  smsUndeliveredSignal,
  urgentAcknowledgedSignal,
  widenMatchSignal,
  workflowIdFor,
  type AcceptResult,
  type AssignResult,
  type CancelResult,
  type ConfirmResult,
  type ContactAnswerResult,
  type FirstContactResult,
  type ReleaseResult,
  type CounselorEscalationInput,
  type DispatchStatus,
  type HandBackResult,
  type HardCategoryValue,
  type OutcomeResult,
  type ProposeResult,
  type RequestWorkflowInput,
  type RescheduleResult,
  type SessionOutcomeValue,
  type Slot,
} from '../workflows/definitions';
import { poolMessageWorkflowId, type PoolMessageInput } from '../workflows/pool-definitions';
import {
  supervisionCheckinWorkflowId,
  supervisionDoneSignal,
  type SupervisionCheckinInput,
} from '../workflows/supervision-definitions';
import {
  counselorEscalationWorkflow,
  messageNotificationWorkflow,
  poolMessageWorkflow,
  supervisionCheckinWorkflow,
  teamChannelNoticeWorkflow,
} from '../workflows';
import {
  morningMessageWorkflow,
  morningMessageWorkflowId,
  type MorningMessageInput,
} from '../workflows/morning-message-workflow';
import { shiftSwapNoticeWorkflow, shiftSwapNoticeWorkflowId } from '../workflows/shift-swap-notice-workflow';
import { isWorkflowGone } from './errors';
import { startOnce, startRequestWorkflow, type OutboxMarker } from './start';

/** Options of one update call: its id (so a repeat is answered once). */
interface UpdateOptions {
  updateId?: string;
}

export function createEngine(client: Client, taskQueue: string) {
  const request = (requestId: string) => client.workflow.getHandle(workflowIdFor(requestId));

  /** Sends a signal; false when the workflow is unknown or finished. */
  async function tell(requestId: string, send: (h: ReturnType<typeof request>) => Promise<void>): Promise<boolean> {
    try {
      await send(request(requestId));
      return true;
    } catch (err) {
      if (isWorkflowGone(err)) return false;
      throw err;
    }
  }

  const engine = {
    taskQueue,
    /** Runs calls under a deadline (ms from now): a lapse throws, engineFailure() says 'deadline'. */
    within: <R>(ms: number, fn: () => Promise<R>): Promise<R> => client.withDeadline(Date.now() + ms, fn),
    /** Runs calls that the signal cancels: engineFailure() says 'cancelled'. */
    cancellableBy: <R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R> => client.withAbortSignal(signal, fn),

    // ---- starting workflows ----------------------------------------------------------------------------------
    /** Starts a request's workflow (or finds it started) and marks its dispatch outbox row. */
    startRequest: (outbox: OutboxMarker, input: RequestWorkflowInput) =>
      startRequestWorkflow(client, taskQueue, outbox, input),
    startCounselorEscalation: async (input: CounselorEscalationInput): Promise<void> => {
      await client.workflow.start(counselorEscalationWorkflow, {
        taskQueue,
        workflowId: counselorEscalationWorkflowId(input.escalationId),
        args: [input],
      });
    },
    /** Starts the notice of a new private message; 'already-started' when it was (one message, one notice). */
    startMessageNotice: async (messageId: number): Promise<'started' | 'already-started'> =>
      startOnce(client, messageNotificationWorkflow, {
        taskQueue,
        workflowId: messageNotificationWorkflowId(messageId),
        args: [{ messageId }],
      }),
    /**
     * Starts a staff member's morning message (their held alerts, when their quiet hours end), or finds it
     * waiting: alerts held for the same morning are read from the database when it sends.
     */
    startMorningMessage: async (input: MorningMessageInput): Promise<void> => {
      await startOnce(client, morningMessageWorkflow, {
        taskQueue,
        workflowId: morningMessageWorkflowId(input),
        args: [input],
      });
    },
    /** Starts the notice of a team-channel post or reply; 'already-started' when it was. */
    startTeamChannelNotice: async (postId: number): Promise<'started' | 'already-started'> =>
      startOnce(client, teamChannelNoticeWorkflow, {
        taskQueue,
        workflowId: teamChannelNoticeWorkflowId(postId),
        args: [{ postId }],
      }),
    /** Starts the notice of a taken shift swap; 'already-started' when it was (one swap, one notice). */
    startShiftSwapNotice: async (swapId: string): Promise<'started' | 'already-started'> =>
      startOnce(client, shiftSwapNoticeWorkflow, {
        taskQueue,
        workflowId: shiftSwapNoticeWorkflowId(swapId),
        args: [{ swapId }],
      }),
    /** Starts a notice by its kind (the API's immediate start and the worker's notice outbox reconciler). */
    startNotice: (kind: NoticeKind, id: string | number): Promise<'started' | 'already-started'> => {
      if (kind === 'message') return engine.startMessageNotice(Number(id));
      if (kind === 'team-channel-post') return engine.startTeamChannelNotice(Number(id));
      return engine.startShiftSwapNotice(String(id));
    },
    /** Starts one pool message (ids only); it is worth sending for a day unless said otherwise. */
    startPoolMessage: async (input: PoolMessageInput, worthSendingFor: '1 hour' | '1 day' = '1 day'): Promise<void> => {
      await client.workflow.start(poolMessageWorkflow, {
        taskQueue,
        workflowId: poolMessageWorkflowId(input),
        args: [input],
        workflowExecutionTimeout: worthSendingFor,
      });
    },
    /**
     * Starts a password-reset email through the send-once ledger (the activity mints the link only for a real
     * send). Each ask is its own round; a link is worth sending for an hour only.
     */
    startPasswordResetEmail: (userId: string): Promise<void> =>
      engine.startPoolMessage({ kind: 'password-reset', id: userId, round: Date.now() }, '1 hour'),
    /**
     * Tells an account's owner that wrong passwords piled up today (api/auth/login-throttle.ts says when), through
     * the ledger in their language; worth sending for a day.
     */
    startSignInFailuresEmail: (userId: string): Promise<void> =>
      engine.startPoolMessage({ kind: 'sign-in-failures', id: userId, round: Date.now() }),

    /** Starts a supervision check-in's timers (one workflow per check-in; a repeat finds it started). */
    startSupervisionCheckin: async (input: SupervisionCheckinInput): Promise<'started' | 'already-started'> =>
      startOnce(client, supervisionCheckinWorkflow, {
        taskQueue,
        workflowId: supervisionCheckinWorkflowId(input.checkinId),
        args: [input],
      }),
    /** The check-in was held: its timers stop; false when they had already finished. */
    supervisionDone: async (checkinId: string): Promise<boolean> => {
      try {
        await client.workflow.getHandle(supervisionCheckinWorkflowId(checkinId)).signal(supervisionDoneSignal);
        return true;
      } catch (err) {
        if (isWorkflowGone(err)) return false;
        throw err;
      }
    },

    // ---- schedules and the server ------------------------------------------------------------------------------
    /** Creates the schedule unless it exists (then it is left as it is). */
    ensureSchedule: async (options: ScheduleOptions): Promise<'created' | 'exists'> => {
      try {
        await client.schedule.create(options);
        return 'created';
      } catch (err) {
        if (err instanceof ScheduleAlreadyRunning) return 'exists';
        throw err;
      }
    },
    schedule: (scheduleId: string): ScheduleHandle => client.schedule.getHandle(scheduleId),
    /** Resolves when the Temporal server answers (the API's readiness check). */
    reachable: async (): Promise<void> => {
      await client.connection.workflowService.getSystemInfo({});
    },

    // ---- dispatch ----------------------------------------------------------------------------------------------
    accept: (requestId: string, counselorId: string, opts: Required<UpdateOptions>): Promise<AcceptResult> =>
      request(requestId).executeUpdate(acceptOfferUpdate, { args: [{ counselorId }], updateId: opts.updateId }),
    decline: (requestId: string, counselorId: string) =>
      tell(requestId, (h) => h.signal(offerDeclinedSignal, { counselorId })),
    smsUndelivered: (requestId: string, counselorId: string) =>
      tell(requestId, (h) => h.signal(smsUndeliveredSignal, { counselorId })),
    refuseAssignment: (requestId: string, counselorId: string) =>
      tell(requestId, (h) => h.signal(assignmentRefusedSignal, { counselorId })),
    assign: (requestId: string, counselorId: string, coordinatorId: string): Promise<AssignResult> =>
      request(requestId).executeUpdate(assignCounselorUpdate, {
        args: [{ counselorId, coordinatorId }],
        updateId: `assign-${requestId}-${counselorId}`,
      }),
    widen: (requestId: string, coordinatorId: string) =>
      tell(requestId, (h) => h.signal(widenMatchSignal, { coordinatorId })),
    extend: (requestId: string, byMs: number, coordinatorId: string) =>
      tell(requestId, (h) => h.signal(extendHoldSignal, { byMs, coordinatorId })),
    cancel: (requestId: string, by: 'coordinator' | 'requester', userId: string | null): Promise<CancelResult> =>
      request(requestId).executeUpdate(cancelRequestUpdate, { args: [{ by, userId }] }),
    urgentAcknowledged: (requestId: string, userId: string) =>
      tell(requestId, (h) => h.signal(urgentAcknowledgedSignal, { userId })),
    status: (requestId: string): Promise<DispatchStatus> => request(requestId).query(dispatchStatusQuery),

    // ---- after the win -----------------------------------------------------------------------------------------
    propose: (requestId: string, sessionId: string, slots: Slot[], opts: Required<UpdateOptions>) =>
      request(requestId).executeUpdate(proposeSlotsUpdate, {
        args: [{ sessionId, slots }],
        updateId: opts.updateId,
      }) as Promise<ProposeResult>,
    confirm: (requestId: string, sessionId: string, proposal: number, index: number): Promise<ConfirmResult> =>
      request(requestId).executeUpdate(confirmSlotUpdate, {
        args: [{ sessionId, proposal, index }],
        updateId: `confirm-${sessionId}-${proposal}-${index}`,
      }),
    reschedule: (
      requestId: string,
      sessionId: string,
      by: 'counselor' | 'requester',
      opts: Required<UpdateOptions>,
    ): Promise<RescheduleResult> =>
      request(requestId).executeUpdate(rescheduleUpdate, { args: [{ sessionId, by }], updateId: opts.updateId }),
    handBack: (requestId: string, sessionId: string): Promise<HandBackResult> =>
      request(requestId).executeUpdate(handBackUpdate, { args: [{ sessionId }], updateId: `handback-${sessionId}` }),
    outOfScope: (requestId: string, sessionId: string): Promise<'marked' | 'not-possible'> =>
      request(requestId).executeUpdate(outOfScopeUpdate, {
        args: [{ sessionId }],
        updateId: `out-of-scope-${sessionId}`,
      }),
    recordOutcome: (
      requestId: string,
      sessionId: string,
      o: { outcome: SessionOutcomeValue; hard: boolean; category: HardCategoryValue | null },
      opts: Required<UpdateOptions>,
    ): Promise<OutcomeResult> =>
      request(requestId).executeUpdate(recordOutcomeUpdate, { args: [{ sessionId, ...o }], updateId: opts.updateId }),
    // ---- the silent winner ---------------------------------------------------------------------------------------
    /** One confirmation per session: a double tap or a repeated SMS is the same update. */
    confirmFirstContact: (requestId: string, sessionId: string): Promise<FirstContactResult> =>
      request(requestId).executeUpdate(confirmFirstContactUpdate, {
        args: [{ sessionId }],
        updateId: `first-contact-${sessionId}`,
      }),
    contactAnswer: (requestId: string, sessionId: string, answer: 'yes' | 'no'): Promise<ContactAnswerResult> =>
      request(requestId).executeUpdate(contactAnswerUpdate, {
        args: [{ sessionId, answer }],
        updateId: `contact-answer-${sessionId}-${answer}`,
      }),
    /** Keyed by the session released, so two coordinators pressing at once release it once. */
    release: (requestId: string, coordinatorId: string, sessionId: string): Promise<ReleaseResult> =>
      request(requestId).executeUpdate(releaseRequestUpdate, {
        args: [{ coordinatorId }],
        updateId: `release-${sessionId}`,
      }),
    /** Unlike the other signals, a finished workflow is an error here: the caller maps it (the session service). */
    debriefDone: (requestId: string, taskId: string): Promise<void> =>
      request(requestId).signal(debriefDoneSignal, { taskId }),
  };
  return engine;
}
export type Engine = ReturnType<typeof createEngine>;
