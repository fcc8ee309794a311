// The one reading of Temporal's client errors (engine/errors.ts), by the SDK's own classes. The integration
// tests meet these errors for real (a finished workflow, Temporal down); here each class is pinned.
import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { engineFailure, isNoAnswer, isWorkflowGone } from '../../engine';

/** What @grpc/grpc-js rejects a call with (status codes: 1 CANCELLED, 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE). */
const status = { CANCELLED: 1, DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 };
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

it('a missing or finished workflow is not-found', () => {
  const err = new WorkflowNotFoundError('workflow execution already completed', 'request-1', undefined);
  expect(engineFailure(err)).toBe('not-found');
  expect(isWorkflowGone(err)).toBe(true);
});

it('an update the workflow refused is rejected', () => {
  expect(engineFailure(new WorkflowUpdateFailedError('Workflow Update failed', undefined))).toBe('rejected');
});

it('a lapsed deadline is deadline, wrapped or not', () => {
  const raw = grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded');
  expect(engineFailure(raw)).toBe('deadline');
  expect(engineFailure(new ServiceError('Failed to signal Workflow', { cause: raw }))).toBe('deadline');
  expect(engineFailure(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: raw }))).toBe('deadline');
  expect(isNoAnswer(raw)).toBe(true);
});

it('a cancelled call is cancelled', () => {
  const raw = grpcError(status.CANCELLED, 'Cancelled on client');
  expect(engineFailure(new ServiceError('Failed to signal Workflow', { cause: raw }))).toBe('cancelled');
  expect(engineFailure(new WorkflowUpdateRPCTimeoutOrCancelledError('cancelled', { cause: raw }))).toBe('cancelled');
  expect(isNoAnswer(raw)).toBe(true);
});

it('anything else is not the engine answering', () => {
  expect(engineFailure(new Error('workflow execution already completed'))).toBeUndefined();
  expect(engineFailure(grpcError(status.UNAVAILABLE, 'connect failed'))).toBeUndefined();
  expect(isWorkflowGone(new Error('boom'))).toBe(false);
  expect(isNoAnswer(undefined)).toBe(false);
});
