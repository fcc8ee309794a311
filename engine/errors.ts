// The one place that reads Temporal's client errors: every caller (API services, the worker's pollers) asks
// what kind of failure it got here, by the SDK's error classes, never by the wording of a message.
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';

/**
 * - `not-found`: Temporal does not know the workflow, or it has already finished (the server answers a call on
 *   a finished workflow with NOT_FOUND, which the SDK raises as WorkflowNotFoundError);
 * - `rejected`: an update the workflow refused (its validator) or could not finish (the workflow ended first);
 * - `deadline`: the call's deadline lapsed (the engine is down or slow): an update may still land, under the
 *   same update id;
 * - `cancelled`: the call was cancelled (the process is stopping).
 * Anything else is not the engine's answer and is rethrown by the callers.
 */
export type EngineFailure = 'not-found' | 'rejected' | 'deadline' | 'cancelled';

export function engineFailure(err: unknown): EngineFailure | undefined {
  if (err instanceof WorkflowNotFoundError) return 'not-found';
  if (err instanceof WorkflowUpdateFailedError) return 'rejected';
  // Both helpers walk the error's causes (a ServiceError or an update-call error wraps the gRPC one).
  if (isGrpcDeadlineError(err)) return 'deadline';
  if (isGrpcCancelledError(err)) return 'cancelled';
  // The SDK's own class for a lapsed or cancelled update call that did not come from gRPC.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'cancelled';
  return undefined;
}

/** The workflow is not there to answer (unknown, or finished): the caller answers from the database. */
export const isWorkflowGone = (err: unknown): boolean => engineFailure(err) === 'not-found';

/** The engine did not answer in time (or the call was cancelled): the caller tells the user to try again. */
export const isNoAnswer = (err: unknown): boolean => {
  const failure = engineFailure(err);
  return failure === 'deadline' || failure === 'cancelled';
};
