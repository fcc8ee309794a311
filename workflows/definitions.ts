// Everything the API and the worker must agree on about the request workflow, declared once.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DispatchPolicy } from './policy';

export const DISPATCH_TASK_QUEUE = 'dispatch';

export const workflowIdFor = (requestId: string): string => `request-${requestId}`;
export const acceptUpdateIdFor = (offerId: string): string => `accept-${offerId}`;

export type RequestPhase = 'matching' | 'offering' | 'assigned' | 'unmatched' | 'cancelled';

export interface RequestWorkflowInput {
  requestId: string;
  /** Snapshot of the workspace's policy when the request started: editing it later does not change this request. */
  policy: DispatchPolicy;
}

export type AcceptResult = 'won' | 'taken' | 'expired' | 'not-offered';

export interface AcceptOfferInput {
  counselorId: string;
}

/** Ids and timings only: no names, phone numbers or request text ever enter workflow state. */
export interface DispatchStatus {
  phase: RequestPhase;
  wave: number;
  matched: number;
  offered: string[];
  declined: string[];
  winner: string | null;
  startedAt: number;
  firstOfferAt: number | null;
  assignedAt: number | null;
  closedAt: number | null;
}

export const acceptOfferUpdate = defineUpdate<AcceptResult, [AcceptOfferInput]>('accept');
export const offerDeclinedSignal = defineSignal<[{ counselorId: string }]>('offerDeclined');
export const dispatchStatusQuery = defineQuery<DispatchStatus>('dispatchStatus');
