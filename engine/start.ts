// Starting workflows that may be started twice (an id per thing, so a second start finds the first), and a
// request's workflow from the dispatch outbox: one piece of code for the API's immediate start and the reconciler's
// retries. The workflow id comes from the request id, so two starts make one workflow.
// (Client-side code: the workflow bundle never imports it.)
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type Workflow,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { workflowIdFor, type RequestWorkflowInput } from '../workflows/definitions';
import { requestWorkflow } from '../workflows/request-workflow';

export interface OutboxMarker {
  markStarted(requestId: string): Promise<void>;
}

/**
 * Starts a workflow, or finds it started: its id comes from what it is about (a request, a message, a swap...), so
 * a second start is the same workflow and answers 'already-started' instead of throwing.
 */
export async function startOnce<T extends Workflow>(
  temporal: Client,
  workflow: T,
  options: WorkflowStartOptions<T>,
): Promise<'started' | 'already-started'> {
  try {
    await temporal.workflow.start(workflow, options);
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
    throw err;
  }
}

/** Starts the workflow (or finds it already started) and marks the outbox row; throws when Temporal cannot be reached. */
export async function startRequestWorkflow(
  temporal: Client,
  taskQueue: string,
  outbox: OutboxMarker,
  input: RequestWorkflowInput,
): Promise<'started' | 'already-started'> {
  const result = await startOnce(temporal, requestWorkflow, {
    taskQueue,
    workflowId: workflowIdFor(input.requestId),
    // Never a second run for one request, even after the first has finished.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [input],
  });
  await outbox.markStarted(input.requestId);
  return result;
}
