// Everything the API and the worker must agree on about the request workflow, declared once.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DispatchPolicy, WaveChannel, WideningStep } from './policy';

export const DISPATCH_TASK_QUEUE = 'dispatch';

export const workflowIdFor = (requestId: string): string => `request-${requestId}`;
export const acceptUpdateIdFor = (offerId: string): string => `accept-${offerId}`;

export type RequestPhase = 'matching' | 'offering' | 'assigned' | 'unmatched' | 'cancelled';

export interface RequestWorkflowInput {
  requestId: string;
  urgent: boolean;
  /** Snapshot of the workspace's policy when the request started: editing it later does not change this request. */
  policy: DispatchPolicy;
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
