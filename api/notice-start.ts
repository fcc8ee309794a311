// Starting the notice of something a person just stored (a private message, a team-channel post, a taken shift
// swap): at once when Temporal answers, then marked so the worker's reconciler leaves it alone. When Temporal does
// not answer, the stored row itself waits for the reconciler (workers/notice-outbox-reconciler.ts): the notice is
// late, never lost, and what the person stored is kept either way.
import type { Stores } from '../db';
import type { NoticeKind } from '../domain/notice-kinds';
import type { Engine } from '../engine';

const START_DEADLINE_MS = 5000;

export function noticeStarter(deps: { stores: Stores; engine: Engine; log: (msg: string) => void }) {
  const { stores, engine, log } = deps;
  return async (kind: NoticeKind, id: string | number): Promise<void> => {
    try {
      // One message, post or swap, one notice: a notice already started is fine.
      await engine.within(START_DEADLINE_MS, () => engine.startNotice(kind, id));
      await stores.noticeOutbox.markStarted(kind, id);
    } catch (err) {
      // Ids only in the log.
      log(`${kind} ${id}: notice not started yet, the worker will start it: ${(err as Error).name}`);
    }
  };
}
