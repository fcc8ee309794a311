// Starts the workflows of requests the API stored but could not hand to Temporal (it was down or slow).
import type { Stores } from '../db';
import { createLogger, lineLog } from '../log';
import type { RequestWorkflowInput } from '../workflows/definitions';
import type { Engine } from '../engine';
import { createPoller } from './poller';

export interface Reconciler {
  /** One pass; returns how many workflows it started. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startDispatchOutboxReconciler(deps: {
  stores: Stores;
  engine: Engine;
  intervalMs?: number;
  /** Leaves fresh rows to the API's own immediate start. */
  graceMs?: number;
  log?: (m: string) => void;
}): Reconciler {
  const { stores, engine } = deps;
  const { taskQueue } = engine;
  const log = deps.log ?? lineLog(createLogger({ name: 'worker' }), 'info');

  async function runOnce(): Promise<number> {
    let started = 0;
    const due = await stores.dispatchOutbox.claimDue(taskQueue, 50, deps.graceMs ?? 2000);
    for (const row of due) {
      try {
        await engine.startRequest(stores.dispatchOutbox, row.workflowInput as RequestWorkflowInput);
        started += 1;
      } catch (err) {
        await stores.dispatchOutbox.recordFailure(row.requestId, `${(err as Error).name}: ${(err as Error).message}`);
        break; // Temporal is unreachable: the rows wait for their backoff.
      }
    }
    if (started > 0) log(`outbox: started ${started} deferred dispatch(es)`);
    return started;
  }

  const poller = createPoller({
    everyMs: deps.intervalMs ?? 1000,
    pass: runOnce,
    onError: (err) => log(`outbox: pass failed: ${(err as Error).message}`),
  });
  poller.start();
  return { runOnce: poller.runOnce, stop: poller.stop };
}
