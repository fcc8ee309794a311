// Starts the notices the API stored but could not hand to Temporal (it was down or slow): a private message, a
// team-channel post or a taken shift swap whose `notice_started_at` is still null. The notice workflows send
// through the send-once ledger, so a notice the API did start (but could not mark) is not sent twice.
import type { Stores } from '../db';
import type { Engine } from '../engine';
import type { Reconciler } from './dispatch-outbox-reconciler';
import { createPoller } from './poller';

export function startNoticeOutboxReconciler(deps: {
  stores: Stores;
  engine: Engine;
  log: (m: string) => void;
  intervalMs?: number;
  /** Leaves fresh rows to the API's own immediate start (its deadline is 5 s). */
  graceMs?: number;
}): Reconciler {
  const { stores, engine, log } = deps;

  async function runOnce(): Promise<number> {
    let started = 0;
    for (const notice of await stores.noticeOutbox.due(deps.graceMs ?? 15_000, 50)) {
      // Temporal unreachable: the error ends the pass, and the rows wait for the next one.
      await engine.startNotice(notice.kind, notice.id);
      await stores.noticeOutbox.markStarted(notice.kind, notice.id);
      started += 1;
    }
    if (started > 0) log(`notices: started ${started} deferred notice(s)`);
    return started;
  }

  const poller = createPoller({
    everyMs: deps.intervalMs ?? 5000,
    pass: runOnce,
    onError: (err) => log(`notices: pass failed: ${(err as Error).name}: ${(err as Error).message}`),
  });
  poller.start();
  return { runOnce: poller.runOnce, stop: poller.stop };
}
