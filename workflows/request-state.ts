// The request workflow's state and its transitions, in one class with no Temporal in it (in the manner of
// Temporal's safe-message-handlers sample): the handlers and the round loop in request-workflow.ts only drive
// it, and tests/unit/request-state.test.ts drives it without a server. Every method is synchronous, so a
// handler that calls one cannot interleave with another (the workflow runs handlers one at a time up to
// their first await); the awaits (activities, timers) stay in the workflow.
import type { AcceptResult, AssignResult, CancelResult, DispatchStatus } from './definitions';
import type { OfferChannel } from '../domain/policy';
import { waveRecipients } from './waves';

export type { OfferChannel };

export class RequestState {
  readonly status: DispatchStatus;
  /** The counselors of the latest match, ranked. */
  matched: string[] = [];
  readonly offered = new Set<string>();
  readonly declined = new Set<string>();
  readonly excluded = new Set<string>();
  readonly reached: Record<OfferChannel, Set<string>> = { sms: new Set(), email: new Set() };
  /** Bumped when a request goes back to dispatch after a refusal: new offers, new idempotency keys. */
  round = 1;
  assignmentRecorded = false;
  refusedBy: string | null = null;
  extraHoldMs = 0;
  /** Set once a coordinator's assignment can no longer be refused (or the win was a counselor's own accept). */
  assignmentFinal = false;

  constructor(startedAt: number) {
    this.status = {
      phase: 'matching',
      wave: 0,
      channel: null,
      matched: 0,
      widened: [],
      offered: [],
      declined: [],
      excluded: [],
      winner: null,
      assignedBy: null,
      cancelledBy: null,
      startedAt,
      firstOfferAt: null,
      assignedAt: null,
      closedAt: null,
      holdUntil: null,
      urgentAlerts: 0,
      urgentAcknowledged: false,
    };
  }

  // Functions, not fields: handlers change the phase while the main loop awaits.
  isCancelled = (): boolean => this.status.phase === 'cancelled';
  isSettled = (): boolean => this.status.winner !== null || this.isCancelled();
  isOpen = (): boolean => this.status.phase === 'matching' || this.status.phase === 'offering';

  decline(counselorId: string): void {
    if (this.offered.has(counselorId) && !this.declined.has(counselorId)) {
      this.declined.add(counselorId);
      this.status.declined.push(counselorId);
    }
  }

  /** A counselor's accept: the answer now, or 'win' when they may take it (the caller then wins it). */
  acceptAnswer(counselorId: string): AcceptResult | 'win' {
    const { winner } = this.status;
    if (winner !== null) return winner === counselorId ? 'won' : 'taken';
    if (!this.isOpen()) return 'expired';
    if (!this.offered.has(counselorId) || this.excluded.has(counselorId)) return 'not-offered';
    return 'win';
  }

  /** A coordinator's assignment: the answer now, or 'win' when it can be made. */
  assignAnswer(): AssignResult | 'win' {
    if (this.status.winner !== null) return 'already-assigned';
    if (!this.isOpen()) return 'closed';
    return 'win';
  }

  /** Sets the winner at once (before the assignment is recorded), so a second accept is answered 'taken'. */
  beginWin(counselorId: string, coordinatorId: string | null, now: number): void {
    this.status.winner = counselorId;
    this.status.assignedBy = coordinatorId;
    this.status.phase = 'assigned';
    this.status.assignedAt = now;
    this.offered.add(counselorId);
  }

  /** Not recorded: the request is open again rather than stuck waiting for a record that never comes. */
  undoWin(): void {
    this.status.winner = null;
    this.status.assignedBy = null;
    this.status.phase = 'offering';
    this.status.assignedAt = null;
  }

  refuseAssignment(counselorId: string): void {
    if (this.status.winner === counselorId && this.status.assignedBy !== null) this.refusedBy = counselorId;
  }

  extendHold(byMs: number): void {
    if (byMs > 0 && this.isOpen()) {
      this.extraHoldMs += byMs;
      if (this.status.holdUntil !== null) this.status.holdUntil += byMs;
    }
  }

  cancel(by: 'coordinator' | 'requester'): CancelResult {
    const { status } = this;
    if (status.phase === 'cancelled') return 'cancelled';
    if (status.phase === 'unmatched') return 'closed';
    if (status.winner !== null && (status.assignedBy === null || this.assignmentFinal)) return 'already-assigned';
    status.phase = 'cancelled';
    status.cancelledBy = by;
    return 'cancelled';
  }

  /** Whether an undelivered offer SMS should make this counselor's email go out now. */
  wantsEarlyEmail(counselorId: string): boolean {
    return (
      !this.isSettled() &&
      this.offered.has(counselorId) &&
      !this.declined.has(counselorId) &&
      !this.reached.email.has(counselorId)
    );
  }

  matchedNow(widening: DispatchStatus['widened'], matched: string[]): void {
    this.matched = matched;
    this.status.widened = widening;
    this.status.matched = matched.length;
  }

  recipientsFor(channel: OfferChannel): string[] {
    return waveRecipients(this.matched, {
      declined: this.declined,
      excluded: this.excluded,
      reachedOnChannel: this.reached[channel],
    });
  }

  /** Marked offered before sending: a counselor may tap the link before the send returns. */
  markOffered(channel: OfferChannel, ids: string[], now: number): void {
    for (const id of ids) {
      this.reached[channel].add(id);
      if (!this.offered.has(id)) {
        this.offered.add(id);
        this.status.offered.push(id);
      }
    }
    this.status.firstOfferAt ??= now;
  }

  /** Skipped (quiet hours, STOP, no address on this channel): not reached here, so a later wave tries. */
  markSkipped(channel: OfferChannel, skipped: string[]): void {
    for (const id of skipped) {
      this.reached[channel].delete(id);
      if (!this.reached.sms.has(id) && !this.reached.email.has(id)) {
        this.offered.delete(id);
        this.status.offered = this.status.offered.filter((o) => o !== id);
      }
    }
  }

  /** Back to dispatch without this counselor (refused an assignment, or handed the request back). */
  exclude(counselorId: string): void {
    const { status } = this;
    this.excluded.add(counselorId);
    status.excluded.push(counselorId);
  }

  /** After the alert of a refusal or hand-back: a new round with new offers and idempotency keys. */
  startNewRound(): void {
    const { status } = this;
    status.winner = null;
    status.assignedBy = null;
    status.assignedAt = null;
    if (!this.isCancelled()) status.phase = 'offering';
    this.assignmentRecorded = false;
    this.refusedBy = null;
    this.round += 1;
    this.offered.clear();
    this.reached.sms.clear();
    this.reached.email.clear();
    status.offered = [];
    status.holdUntil = null;
    this.extraHoldMs = 0;
  }

  /** Everyone offered in this round but the winner, with the channel that reached them. */
  othersReached(winner: string | null): { counselorId: string; channel: OfferChannel }[] {
    return [...this.offered]
      .filter((id) => id !== winner)
      .map((id) => ({ counselorId: id, channel: (this.reached.sms.has(id) ? 'sms' : 'email') as OfferChannel }));
  }

  /** The end of dispatch without a winner: cancelled or unmatched. */
  close(now: number): 'cancelled' | 'unmatched' {
    const phase = this.status.phase === 'cancelled' ? 'cancelled' : 'unmatched';
    this.status.phase = phase;
    this.status.closedAt = now;
    return phase;
  }
}
