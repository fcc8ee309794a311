// What the session pages ask of the request workflow after the win: propose, confirm, reschedule, hand
// back, record the outcome, debrief done. Each call is an Update (the page learns at once whether it worked)
// with an id derived from what was asked, so a double tap is answered once.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import {
  confirmSlotUpdate,
  debriefDoneSignal,
  dispatchStatusQuery,
  handBackUpdate,
  outOfScopeUpdate,
  proposeSlotsUpdate,
  recordOutcomeUpdate,
  rescheduleUpdate,
  workflowIdFor,
  type ConfirmResult,
  type DispatchStatus,
  type HandBackResult,
  type HardCategoryValue,
  type OutcomeResult,
  type ProposeResult,
  type RescheduleResult,
  type SessionOutcomeValue,
  type Slot,
} from '../../workflows/definitions';
import { isClosedWorkflow } from '../../engine/closed-answers';
import { Unavailable } from '../errors';

const DEADLINE_MS = 8000;

export function createSessionService(temporal: Client) {
  const handle = (requestId: string) => temporal.workflow.getHandle(workflowIdFor(requestId));

  /** A closed or missing workflow answers `closed`; an engine that does not answer in time is a 503. */
  async function call<T>(fn: () => Promise<T>, closed: T): Promise<T> {
    try {
      return await temporal.withDeadline(Date.now() + DEADLINE_MS, fn);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) return closed;
      if (err instanceof WorkflowUpdateFailedError) return closed;
      const e = err as { code?: number; message?: string };
      if (e?.code === 4 || /deadline/i.test(e?.message ?? '')) {
        throw new Unavailable('The engine is not answering: try again in a moment');
      }
      throw err;
    }
  }
  const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);

  return {
    /** `after` is the proposal number the page showed: the same times proposed again later are a new proposal. */
    propose: (requestId: string, sessionId: string, after: number, slots: Slot[]) =>
      call<ProposeResult>(
        () =>
          handle(requestId).executeUpdate(proposeSlotsUpdate, {
            args: [{ sessionId, slots }],
            updateId: `propose-${sessionId}-${after}-${digest(slots)}`,
          }),
        'not-scheduling',
      ),
    confirm: (requestId: string, sessionId: string, proposal: number, index: number) =>
      call<ConfirmResult>(
        () =>
          handle(requestId).executeUpdate(confirmSlotUpdate, {
            args: [{ sessionId, proposal, index }],
            updateId: `confirm-${sessionId}-${proposal}-${index}`,
          }),
        'not-scheduling',
      ),
    /** `at` names the state asked about (the confirmed slot, the proposal), so a double tap is one request. */
    reschedule: (requestId: string, sessionId: string, by: 'counselor' | 'requester', at: string) =>
      call<RescheduleResult>(
        () =>
          handle(requestId).executeUpdate(rescheduleUpdate, {
            args: [{ sessionId, by }],
            updateId: `reschedule-${sessionId}-${by}-${at}`,
          }),
        'not-possible',
      ),
    handBack: (requestId: string, sessionId: string) =>
      call<HandBackResult>(
        () =>
          handle(requestId).executeUpdate(handBackUpdate, { args: [{ sessionId }], updateId: `handback-${sessionId}` }),
        'not-possible',
      ),
    outOfScope: (requestId: string, sessionId: string) =>
      call<'marked' | 'not-possible'>(
        () =>
          handle(requestId).executeUpdate(outOfScopeUpdate, {
            args: [{ sessionId }],
            updateId: `out-of-scope-${sessionId}`,
          }),
        'not-possible',
      ),
    recordOutcome: (
      requestId: string,
      sessionId: string,
      o: { outcome: SessionOutcomeValue; hard: boolean; category: HardCategoryValue | null },
      /** The slot the outcome is about: a session rescheduled and held again gets a new update id. */
      slotStart: Date | null,
    ) =>
      call<OutcomeResult>(
        () =>
          handle(requestId).executeUpdate(recordOutcomeUpdate, {
            args: [{ sessionId, ...o }],
            updateId: `outcome-${sessionId}-${slotStart?.getTime() ?? 'none'}-${digest(o)}`,
          }),
        'not-expected',
      ),
    debriefDone: async (requestId: string, taskId: string) => {
      await call(() => handle(requestId).signal(debriefDoneSignal, { taskId }), undefined);
    },
    status: (requestId: string) =>
      call<DispatchStatus | null>(() => handle(requestId).query(dispatchStatusQuery), null),
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
