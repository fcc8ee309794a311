// Starting a request's workflow from the dispatch outbox: one piece of code for the API's immediate start
// and the reconciler's retries. The workflow id comes from the request id, so two starts make one workflow.
// (Client-side code: the workflow bundle never imports it.)
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { workflowIdFor, type RequestWorkflowInput } from '../workflows/definitions';
import { requestWorkflow } from '../workflows/request-workflow';

export interface OutboxMarker {
  markStarted(requestId: string): Promise<void>;
}

/** Starts the workflow (or finds it already started) and marks the outbox row; throws when Temporal cannot be reached. */
export async function startRequestWorkflow(
  temporal: Client,
  taskQueue: string,
  outbox: OutboxMarker,
  input: RequestWorkflowInput,
): Promise<'started' | 'already-started'> {
  let result: 'started' | 'already-started' = 'started';
  try {
    await temporal.workflow.start(requestWorkflow, {
      taskQueue,
      workflowId: workflowIdFor(input.requestId),
      // Never a second run for one request, even after the first has finished.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    result = 'already-started';
  }
  await outbox.markStarted(input.requestId);
  return result;
}
