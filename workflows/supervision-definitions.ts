// Names the API and the worker share for supervision check-ins (ids and times only in the input).
import { defineSignal } from '@temporalio/workflow';

export interface SupervisionCheckinInput {
  checkinId: string;
  /** When the supervisor is told it is due (ms since the epoch); now or earlier: at once. */
  dueAt: number;
  /** How long after that, still not done, the coordinators are told (the policy's supervisionOverdueAfter). */
  overdueAfterMs: number;
}

export const supervisionCheckinWorkflowId = (checkinId: string): string => `supervision-${checkinId}`;

/** The check-in was held (marked done on /tasks): the timers have nothing left to say. */
export const supervisionDoneSignal = defineSignal('supervisionDone');
