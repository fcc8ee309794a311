// The one Temporal client of the API and the worker's pollers: a typed verb per thing they ask of a
// workflow. Ids come from the definitions, workflows are started by function reference, and the verbs that
// only tell a workflow something (signals) answer false when it has already finished.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  acceptOfferUpdate,
  assignCounselorUpdate,
  assignmentRefusedSignal,
  cancelRequestUpdate,
  confirmSlotUpdate,
  counselorEscalationWorkflowId,
  debriefDoneSignal,
  dispatchStatusQuery,
  extendHoldSignal,
  handBackUpdate,
  messageNotificationWorkflowId,
  offerDeclinedSignal,
  outOfScopeUpdate,
  proposeSlotsUpdate,
  recordOutcomeUpdate,
  rescheduleUpdate,
  smsUndeliveredSignal,
  urgentAcknowledgedSignal,
  widenMatchSignal,
  workflowIdFor,
  type AcceptResult,
  type AssignResult,
  type CancelResult,
  type ConfirmResult,
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
import { counselorEscalationWorkflow, messageNotificationWorkflow, poolMessageWorkflow } from '../workflows';
import { isWorkflowGone } from './errors';
import { startRequestWorkflow, type OutboxMarker } from './start';

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

  return {
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
    startMessageNotice: async (messageId: number): Promise<'started' | 'already-started'> => {
      try {
        await client.workflow.start(messageNotificationWorkflow, {
          taskQueue,
          workflowId: messageNotificationWorkflowId(messageId),
          args: [{ messageId }],
        });
        return 'started';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
        throw err;
      }
    },
    startPoolMessage: async (input: PoolMessageInput): Promise<void> => {
      await client.workflow.start(poolMessageWorkflow, {
        taskQueue,
        workflowId: poolMessageWorkflowId(input),
        args: [input],
        workflowExecutionTimeout: '1 day',
      });
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
    /** Unlike the other signals, a finished workflow is an error here: the caller maps it (the session service). */
    debriefDone: (requestId: string, taskId: string): Promise<void> =>
      request(requestId).signal(debriefDoneSignal, { taskId }),
  };
}
export type Engine = ReturnType<typeof createEngine>;
