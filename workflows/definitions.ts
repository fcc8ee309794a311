// Everything the API and the worker must agree on about the request workflow, declared once.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HardCategory, SessionOutcome } from '../domain/aftercare';
import type { DispatchPolicy, WaveChannel, WideningStep } from '../domain/policy';

export const DISPATCH_TASK_QUEUE = 'dispatch';

export const workflowIdFor = (requestId: string): string => `request-${requestId}`;
export const acceptUpdateIdFor = (offerId: string): string => `accept-${offerId}`;

export type RequestPhase =
  | 'matching'
  | 'offering'
  | 'assigned'
  | 'unmatched'
  | 'cancelled'
  // After the win (the request stays 'assigned' in help_requests; the session row carries these):
  | 'scheduling'
  | 'scheduled'
  | 'after-care'
  | 'closed';

export interface RequestWorkflowInput {
  requestId: string;
  urgent: boolean;
  /** Snapshot of the workspace's policy when the request started: editing it later does not change this request. */
  policy: DispatchPolicy;
  /**
   * The first match, made by the intake as it stored the request (ids only): the first wave needs no match of its
   * own. Absent when the workflow is started later from the outbox, which matches afresh.
   */
  matchedAtIntake?: string[];
}

export type AcceptResult = 'won' | 'taken' | 'expired' | 'not-offered';
export type AssignResult = 'assigned' | 'already-assigned' | 'closed';

export interface AcceptOfferInput {
  counselorId: string;
}

/** Ids, counts and timings only: no names, phone numbers or request text ever enter workflow state. */
export interface DispatchStatus {
  phase: RequestPhase;
  wave: number;
  channel: WaveChannel | null;
  matched: number;
  widened: WideningStep[];
  offered: string[];
  declined: string[];
  excluded: string[];
  winner: string | null;
  assignedBy: string | null;
  cancelledBy: 'coordinator' | 'requester' | null;
  startedAt: number;
  firstOfferAt: number | null;
  assignedAt: number | null;
  closedAt: number | null;
  /** When the request goes unmatched unless someone accepts (the end of the hold-open window). */
  holdUntil: number | null;
  /** Urgent requests only: alerts sent to the on-call lead, and whether staff acknowledged. */
  urgentAlerts: number;
  urgentAcknowledged: boolean;
  /** Counselors whose offer SMS waits for the end of their quiet hours (they had the email at once). */
  heldForQuietHours?: string[];
  /** Spread the work: overcommitting counselors held from the first offer wave to the next (head-start policy). */
  heldBack?: string[];
  /** From the win on: the session being scheduled and its after-care (ids, times and labels only). */
  aftercare?: AftercareStatus;
  /** From the win on (requests started after the first-contact check): has the winner been in touch? */
  firstContact?: FirstContactStatus;
}

/** The check on a silent winner, per dispatch round (ids, times and answers only). */
export interface FirstContactStatus {
  round: number;
  sessionId: string | null;
  /** Who said contact was made: the counselor (a tap or an SMS reply) or the requester ("yes"). */
  confirmedBy: 'counselor' | 'requester' | null;
  reminded: boolean;
  requesterAsked: boolean;
  requesterAnswer: 'yes' | 'no' | null;
  /** Why the coordinators were alerted, once: the requester said no, or nobody confirmed in time. */
  alerted: 'requester-not-contacted' | 'first-contact-missing' | null;
  /** A coordinator released the request back to dispatch. */
  releasedBy: string | null;
}

export const counselorEscalationWorkflowId = (escalationId: string): string => `escalation-${escalationId}`;
export interface CounselorEscalationInput {
  requestId: string;
  counselorId: string;
  /** Unique per escalation (a uuid): the workflow id and the alert's idempotency key. */
  escalationId: string;
}

export const acceptOfferUpdate = defineUpdate<AcceptResult, [AcceptOfferInput]>('accept');
/** A coordinator names the counselor; the counselor is told and may still refuse. */
export const assignCounselorUpdate = defineUpdate<AssignResult, [{ counselorId: string; coordinatorId: string }]>(
  'assign',
);
export const offerDeclinedSignal = defineSignal<[{ counselorId: string }]>('offerDeclined');
/** The counselor a coordinator assigned says they cannot take it: back to dispatch without them. */
export const assignmentRefusedSignal = defineSignal<[{ counselorId: string }]>('assignmentRefused');
/** The provider reported an offer SMS failed or undelivered: reach that counselor by email now. */
export const smsUndeliveredSignal = defineSignal<[{ counselorId: string }]>('smsUndelivered');
export const widenMatchSignal = defineSignal<[{ coordinatorId: string }]>('widenMatch');
export const extendHoldSignal = defineSignal<[{ byMs: number; coordinatorId: string }]>('extendHold');
export type CancelResult = 'cancelled' | 'already-assigned' | 'closed';
/**
 * An Update, so the caller learns at once whether it worked: once a counselor has accepted, the request
 * is theirs (only an assignment still inside its refusal window can be withdrawn).
 */
export const cancelRequestUpdate = defineUpdate<
  CancelResult,
  [{ by: 'coordinator' | 'requester'; userId: string | null }]
>('cancelRequest');
/** Someone on staff acknowledged the urgent alert of a person who may be in danger now. */
export const urgentAcknowledgedSignal = defineSignal<[{ userId: string }]>('urgentAcknowledged');
export const dispatchStatusQuery = defineQuery<DispatchStatus>('dispatchStatus');

// ---------- after the win: scheduling, the session, after-care ----------

/** A session slot, as instants (epoch ms): times are not personal data. */
export interface Slot {
  start: number;
  end: number;
}
export const MAX_PROPOSED_SLOTS = 3;

/** The after-care vocabulary is domain/aftercare.ts (pure: the workflow may import it). */
export type SessionOutcomeValue = SessionOutcome;
export type HardCategoryValue = HardCategory;

export interface AftercareStatus {
  sessionId: string;
  /** Numbered from 1; a confirm names the proposal it answers, so a stale link cannot confirm a newer one. */
  proposal: number;
  proposed: Slot[];
  confirmed: Slot | null;
  /** Bumped by every confirmation: reminders and outcome requests are keyed by it. */
  confirmations: number;
  reminders: string[];
  outcomeRequests: number;
  outcome: SessionOutcomeValue | null;
  hard: boolean | null;
  unconfirmedAlerts: number;
  outcomeEscalated: boolean;
  debriefTaskId: string | null;
  debriefDone: boolean;
  debriefEscalated: boolean;
  supervisionTaskId: string | null;
  outOfScope: boolean;
}

export type ProposeResult = 'proposed' | 'not-scheduling';
export type ConfirmResult = 'confirmed' | 'already-confirmed' | 'stale' | 'not-scheduling';
export type RescheduleResult = 'rescheduling' | 'not-possible';
export type HandBackResult = 'handed-back' | 'not-possible';
export type OutcomeResult = 'recorded' | 'not-expected';

/** The counselor proposes one to three slots (the API has checked them against the requester's windows). */
export const proposeSlotsUpdate = defineUpdate<ProposeResult, [{ sessionId: string; slots: Slot[] }]>('proposeSlots');
/** The requester confirms one slot of a proposal, by its index. */
export const confirmSlotUpdate = defineUpdate<ConfirmResult, [{ sessionId: string; proposal: number; index: number }]>(
  'confirmSlot',
);
/** Either side asks for other times: back to proposing. */
export const rescheduleUpdate = defineUpdate<RescheduleResult, [{ sessionId: string; by: 'counselor' | 'requester' }]>(
  'reschedule',
);
/** The counselor hands the request back: a new dispatch round without them. */
export const handBackUpdate = defineUpdate<HandBackResult, [{ sessionId: string }]>('handBack');
/** The counselor's outcome (the private note stays in Postgres). */
export const recordOutcomeUpdate = defineUpdate<
  OutcomeResult,
  [{ sessionId: string; outcome: SessionOutcomeValue; hard: boolean; category: HardCategoryValue | null }]
>('recordOutcome');
/** The counselor finds the request needs more than peer support (the reason stays in Postgres). */
export const outOfScopeUpdate = defineUpdate<'marked' | 'not-possible', [{ sessionId: string }]>('outOfScope');
/** A lead or coordinator marked the debrief task done. */
export const debriefDoneSignal = defineSignal<[{ taskId: string }]>('debriefDone');

// ---------- the silent winner: first contact ----------

export type FirstContactResult = 'confirmed' | 'already-confirmed' | 'not-now';
export type ContactAnswerResult = 'recorded' | 'not-asked';
export type ReleaseResult = 'released' | 'not-possible';
/** The winner says they have been in touch with the requester (a tap on their session page, or an SMS reply). */
export const confirmFirstContactUpdate = defineUpdate<FirstContactResult, [{ sessionId: string }]>(
  'confirmFirstContact',
);
/** The requester answers "Has a counselor been in touch?". */
export const contactAnswerUpdate = defineUpdate<ContactAnswerResult, [{ sessionId: string; answer: 'yes' | 'no' }]>(
  'contactAnswer',
);
/** A coordinator releases the request from a silent winner: the winner is told, the others are offered it again. */
export const releaseRequestUpdate = defineUpdate<ReleaseResult, [{ coordinatorId: string }]>('releaseRequest');

// ---------- private messages ----------

export const messageNotificationWorkflowId = (messageId: number): string => `message-${messageId}`;
/** One notice run per team-channel post or reply (ids only; the activity decides who hears, without a flood). */
export const teamChannelNoticeWorkflowId = (postId: number): string => `team-channel-post-${postId}`;
export interface TeamChannelNoticeInput {
  postId: number;
}
export interface MessageNotificationInput {
  messageId: number;
}
