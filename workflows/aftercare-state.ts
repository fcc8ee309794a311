// The after-care's state and the transitions its handlers make, in one class with no Temporal in it (like
// request-state.ts): the handlers in aftercare.ts only call it and the loop there reads it;
// tests/unit/aftercare-state.test.ts drives it without a server. Every method is synchronous, so a handler
// that calls one cannot interleave with another.
import { SESSION_OUTCOMES } from '../domain/aftercare';
import {
  MAX_PROPOSED_SLOTS,
  type AftercareStatus,
  type ConfirmResult,
  type DispatchStatus,
  type HardCategoryValue,
  type HandBackResult,
  type OutcomeResult,
  type ProposeResult,
  type RescheduleResult,
  type SessionOutcomeValue,
  type Slot,
} from './definitions';

export interface Outcome {
  outcome: SessionOutcomeValue;
  hard: boolean;
  category: HardCategoryValue | null;
}

export function newAftercareStatus(sessionId: string): AftercareStatus {
  return {
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
}

export class AftercareState {
  // What the handlers hand to the main loop.
  pendingProposal: Slot[] | null = null;
  rescheduleBy: 'counselor' | 'requester' | null = null;
  handedBack = false;
  outOfScope = false;
  outcome: Outcome | null = null;
  /** Every reported task id is kept: a lead may mark the debrief done before openDebrief has even returned. */
  private readonly doneTasks = new Set<string>();

  /** `status` is the request's, shared with the dispatch: the phase moves on it. */
  constructor(readonly status: DispatchStatus) {}

  private get a(): AftercareStatus | undefined {
    return this.status.aftercare;
  }
  private isSession(sessionId: string): boolean {
    return this.a?.sessionId === sessionId;
  }

  /** A new session (a win, or a win again after a hand-back): nothing of the last one carries over. */
  begin(sessionId: string): AftercareStatus {
    const a = newAftercareStatus(sessionId);
    this.status.aftercare = a;
    this.pendingProposal = null;
    this.rescheduleBy = null;
    this.handedBack = false;
    this.outOfScope = false;
    this.outcome = null;
    return a;
  }

  propose(sessionId: string, slots: Slot[]): ProposeResult {
    const a = this.a;
    if (!a || !this.isSession(sessionId) || this.status.phase !== 'scheduling') return 'not-scheduling';
    a.proposal += 1;
    a.proposed = slots;
    this.pendingProposal = slots;
    return 'proposed';
  }

  confirm(sessionId: string, proposal: number, index: number, now: number): ConfirmResult {
    const a = this.a;
    if (!a || !this.isSession(sessionId)) return 'not-scheduling';
    if (a.confirmed && proposal === a.proposal && this.status.phase === 'scheduled') return 'already-confirmed';
    // The current proposal may still be on its way to the other channel when the requester, who already has
    // the email, picks a time: that is a confirm, not a "not now" (the loop sends the rest, then sees it).
    if (this.status.phase !== 'scheduling') return 'not-scheduling';
    const slot = a.proposed[index];
    if (proposal !== a.proposal || !slot || slot.start <= now) return 'stale';
    a.confirmed = slot;
    return 'confirmed';
  }

  reschedule(sessionId: string, by: 'counselor' | 'requester'): RescheduleResult {
    // While scheduled either side may; while scheduling the requester may say none of the proposed times work.
    const noneWork = this.status.phase === 'scheduling' && by === 'requester' && (this.a?.proposed.length ?? 0) > 0;
    const possible = this.status.phase === 'scheduled' || noneWork;
    if (!this.isSession(sessionId) || !possible || this.interrupted()) return 'not-possible';
    this.rescheduleBy = by;
    return 'rescheduling';
  }

  handBack(sessionId: string): HandBackResult {
    // Out of scope already goes to the coordinators with the requester told the alternatives: no re-dispatch.
    const open = this.status.phase === 'scheduling' || this.status.phase === 'scheduled';
    if (!this.isSession(sessionId) || !open || this.outOfScope) return 'not-possible';
    this.handedBack = true;
    return 'handed-back';
  }

  recordOutcome(
    sessionId: string,
    o: SessionOutcomeValue,
    hard: boolean,
    category: HardCategoryValue | null,
  ): OutcomeResult {
    if (!this.isSession(sessionId) || this.status.phase !== 'after-care' || this.outcome) return 'not-expected';
    const isHard = o === 'held' && hard;
    this.outcome = { outcome: o, hard: isHard, category: isHard ? category : null };
    return 'recorded';
  }

  markOutOfScope(sessionId: string): 'marked' | 'not-possible' {
    const open = this.status.phase === 'scheduling' || this.status.phase === 'scheduled';
    if (!this.isSession(sessionId) || !open || this.handedBack || this.outOfScope) return 'not-possible';
    this.outOfScope = true;
    return 'marked';
  }

  /**
   * A coordinator releases the request from a silent winner: the after-care ends the way a hand-back does
   * (the caller dispatches again). Only while a session is being scheduled or is scheduled.
   */
  release(): boolean {
    const open = this.status.phase === 'scheduling' || this.status.phase === 'scheduled';
    if (!open || this.handedBack || this.outOfScope) return false;
    this.handedBack = true;
    return true;
  }

  debriefDone(taskId: string): void {
    this.doneTasks.add(taskId);
  }
  isDebriefDone = (): boolean => {
    const id = this.a?.debriefTaskId;
    return id !== undefined && id !== null && this.doneTasks.has(id);
  };

  /** Functions, not methods read once: the loop waits on them while handlers change the state. */
  interrupted = (): boolean => this.rescheduleBy !== null || this.handedBack || this.outOfScope;
  schedulingMoved = (): boolean =>
    this.pendingProposal !== null ||
    this.a?.confirmed != null ||
    this.handedBack ||
    this.outOfScope ||
    this.rescheduleBy !== null;
  hasOutcome = (): boolean => this.outcome !== null;
}

/** The proposeSlots validator: the shape of the slots, before the update reaches the handler. */
export function checkSlots(slots: Slot[]): void {
  if (!Array.isArray(slots) || slots.length < 1 || slots.length > MAX_PROPOSED_SLOTS)
    throw new Error(`one to ${MAX_PROPOSED_SLOTS} slots`);
  for (const slot of slots) {
    if (!Number.isFinite(slot?.start) || !Number.isFinite(slot?.end) || slot.end <= slot.start)
      throw new Error('each slot needs a start before its end');
  }
}

/** The recordOutcome validator. */
export function checkOutcome(o: string, hard: unknown, category: unknown): void {
  if (!(SESSION_OUTCOMES as readonly string[]).includes(o)) throw new Error('outcome: held, no-show or rescheduled');
  if (typeof hard !== 'boolean') throw new Error('hard: true or false');
  if (hard && o === 'held' && !category) throw new Error('a hard session needs its category');
}
