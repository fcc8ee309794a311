// What the session pages ask of the request workflow after the win: propose, confirm, reschedule, hand
// back, record the outcome, debrief done. Each call is an Update (the page learns at once whether it worked)
// with an id derived from what was asked, so a double tap is answered once.
import { createHash } from 'node:crypto';
import type {
  ConfirmResult,
  ContactAnswerResult,
  FirstContactResult,
  ReleaseResult,
  DispatchStatus,
  HandBackResult,
  HardCategoryValue,
  OutcomeResult,
  ProposeResult,
  RescheduleResult,
  SessionOutcomeValue,
  Slot,
} from '../../workflows/definitions';
import { engineFailure, type Engine } from '../../engine';
import { Unavailable } from '../errors';

const DEADLINE_MS = 8000;

export function createSessionService(engine: Engine) {
  /** A closed or missing workflow answers `closed`; an engine that does not answer in time is a 503. */
  async function call<T>(fn: () => Promise<T>, closed: T): Promise<T> {
    try {
      return await engine.within(DEADLINE_MS, fn);
    } catch (err) {
      const failure = engineFailure(err);
      if (failure === 'not-found' || failure === 'rejected') return closed;
      if (failure === 'deadline' || failure === 'cancelled') {
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
          engine.propose(requestId, sessionId, slots, { updateId: `propose-${sessionId}-${after}-${digest(slots)}` }),
        'not-scheduling',
      ),
    confirm: (requestId: string, sessionId: string, proposal: number, index: number) =>
      call<ConfirmResult>(() => engine.confirm(requestId, sessionId, proposal, index), 'not-scheduling'),
    /** `at` names the state asked about (the confirmed slot, the proposal), so a double tap is one request. */
    reschedule: (requestId: string, sessionId: string, by: 'counselor' | 'requester', at: string) =>
      call<RescheduleResult>(
        () => engine.reschedule(requestId, sessionId, by, { updateId: `reschedule-${sessionId}-${by}-${at}` }),
        'not-possible',
      ),
    handBack: (requestId: string, sessionId: string) =>
      call<HandBackResult>(() => engine.handBack(requestId, sessionId), 'not-possible'),
    outOfScope: (requestId: string, sessionId: string) =>
      call<'marked' | 'not-possible'>(() => engine.outOfScope(requestId, sessionId), 'not-possible'),
    recordOutcome: (
      requestId: string,
      sessionId: string,
      o: { outcome: SessionOutcomeValue; hard: boolean; category: HardCategoryValue | null },
      /** The slot the outcome is about: a session rescheduled and held again gets a new update id. */
      slotStart: Date | null,
    ) =>
      call<OutcomeResult>(
        () =>
          engine.recordOutcome(requestId, sessionId, o, {
            updateId: `outcome-${sessionId}-${slotStart?.getTime() ?? 'none'}-${digest(o)}`,
          }),
        'not-expected',
      ),
    debriefDone: async (requestId: string, taskId: string) => {
      await call(() => engine.debriefDone(requestId, taskId), undefined);
    },
    confirmFirstContact: (requestId: string, sessionId: string) =>
      call<FirstContactResult>(() => engine.confirmFirstContact(requestId, sessionId), 'not-now'),
    contactAnswer: (requestId: string, sessionId: string, answer: 'yes' | 'no') =>
      call<ContactAnswerResult>(() => engine.contactAnswer(requestId, sessionId, answer), 'not-asked'),
    release: (requestId: string, coordinatorId: string, sessionId: string) =>
      call<ReleaseResult>(() => engine.release(requestId, coordinatorId, sessionId), 'not-possible'),
    status: (requestId: string) => call<DispatchStatus | null>(() => engine.status(requestId), null),
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
