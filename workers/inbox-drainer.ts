// Finishes the SMS replies the engine could not answer while Twilio waited: the accept is executed again
// under the same update id (so it is the same accept), the outcome goes to the counselor by SMS once, and a
// decline whose signal failed is signalled again.
import { answerFromOfferStatus, engineFailure, type Engine } from '../engine';
import { REPLY_FOR_RESULT, type MessageRenderer, type Notifier } from '../notifications';
import type { InboxItem, Offer, Stores } from '../db';
import type { AcceptResult } from '../workflows/definitions';
import { createPoller } from './poller';

export interface InboxDrainer {
  start(): void;
  /** Stops polling and abandons a call in flight (its row stays pending for the next drainer). */
  stop(): Promise<void>;
  /** One pass over the pending replies (tests and the loop). */
  drainOnce(): Promise<void>;
}

export interface InboxDrainerDeps {
  stores: Stores;
  notifier: Notifier;
  renderer: MessageRenderer;
  /** The drainer finishes the replies of its own task queue's requests only (the engine's). */
  engine: Engine;
  log: (msg: string) => void;
  everyMs?: number;
  /** How long one accept may wait for the workflow before the row is left for the next pass. */
  engineDeadlineMs?: number;
  /** Replies older than this are given up on (the offer is long over): logged and closed. */
  giveUpAfterMs?: number;
}

/** A closed offer's answer comes from the database (the same rule the API's accept uses). */
const answerFromOffer = (offer: Offer): AcceptResult | undefined => answerFromOfferStatus(offer.status);

export function createInboxDrainer(deps: InboxDrainerDeps): InboxDrainer {
  const { stores, notifier, renderer, log, engine } = deps;
  const everyMs = deps.everyMs ?? 2000;
  const engineDeadlineMs = deps.engineDeadlineMs ?? 5000;
  const giveUpAfterMs = deps.giveUpAfterMs ?? 24 * 3_600_000;
  let abort = new AbortController();

  /**
   * Runs one Temporal call that stop() cancels. Each call gets its own signal: the client adds an abort
   * listener per gRPC call and never removes it, so one long-lived signal would collect them forever.
   */
  async function cancellable<R>(fn: () => Promise<R>): Promise<R> {
    const call = new AbortController();
    const cancel = () => call.abort();
    abort.signal.addEventListener('abort', cancel, { once: true });
    try {
      return await engine.cancellableBy(call.signal, () => engine.within(engineDeadlineMs, fn));
    } finally {
      abort.signal.removeEventListener('abort', cancel);
    }
  }

  /**
   * Temporal does not know the workflow. While the database shows the request live (its workflow runs on
   * through an assignment, to the after-win messages and the refusal window), the workflow must be on a
   * Temporal other than this drainer's, or not visible yet: not ours to settle, so the row waits. A
   * request the database shows closed has nothing left to tell.
   */
  async function workflowMayBeRunning(requestId: string): Promise<boolean> {
    const phase = (await stores.requests.getById(requestId))?.phase;
    return phase === 'matching' || phase === 'offering' || phase === 'assigned';
  }

  /** The accept's answer, or undefined when the engine still cannot give it. */
  async function accept(offer: Offer, updateId: string): Promise<AcceptResult | undefined> {
    try {
      return await cancellable(() => engine.accept(offer.requestId, offer.counselorId, { updateId }));
    } catch (err) {
      const failure = engineFailure(err);
      const notFound = failure === 'not-found';
      if (!notFound && failure !== 'rejected') return undefined;
      const fresh = await stores.offers.getById(offer.id);
      const known = fresh && answerFromOffer(fresh);
      if (known) return known;
      if (notFound && (await workflowMayBeRunning(offer.requestId))) return undefined;
      return 'expired';
    }
  }

  /** Tells the counselor the outcome by SMS; false when the provider asked us to try again later. */
  async function tellOutcome(item: InboxItem, offer: Offer, result: AcceptResult): Promise<boolean> {
    const [counselor] = await stores.users.getReachability([offer.counselorId]);
    const request = await stores.requests.getById(offer.requestId);
    if (!counselor || !request || counselor.smsStopped) return true;
    const outcome = await notifier.sms(
      // The inbound message's id in the key: however often this runs, the outcome goes out once.
      { requestId: offer.requestId, userId: offer.counselorId, purpose: `inbox-${item.messageSid}` },
      async () => ({
        to: item.fromPhone,
        body: (await renderer.render(request.workspaceId, REPLY_FOR_RESULT[result], counselor.language, {})).body,
      }),
    );
    return outcome !== 'retry';
  }

  async function signalDecline(offer: Offer): Promise<boolean> {
    let delivered: boolean;
    try {
      // False when Temporal does not know the workflow, or it has finished (the SDK cannot tell these apart).
      delivered = await cancellable(() => engine.decline(offer.requestId, offer.counselorId));
    } catch {
      return false;
    }
    return delivered || !(await workflowMayBeRunning(offer.requestId));
  }

  async function settle(item: InboxItem): Promise<void> {
    const offer = item.offerId ? await stores.offers.getById(item.offerId) : undefined;
    if (!offer || !item.action) {
      await stores.sms.finish(item.id, 'no-offer');
      return;
    }
    if (Date.now() - item.receivedAt.getTime() > giveUpAfterMs) {
      log(`sms inbox: gave up on ${item.messageSid} after ${item.attempts} attempts`);
      await stores.sms.finish(item.id, 'gave-up');
      return;
    }
    if (item.action === 'decline') {
      if (await signalDecline(offer)) await stores.sms.finish(item.id, 'declined');
      else await stores.sms.release(item.id);
      return;
    }
    const result = await accept(offer, item.messageSid);
    if (result === undefined || !(await tellOutcome(item, offer, result))) {
      await stores.sms.release(item.id);
      return;
    }
    await stores.events.add(offer.requestId, 'sms-reply', {
      counselorId: offer.counselorId,
      action: 'accept',
      result,
      delayed: true,
    });
    await stores.sms.finish(item.id, result);
  }

  async function drainOnce(): Promise<void> {
    const items = await stores.sms.claimPending({
      taskQueue: engine.taskQueue,
      limit: 20,
      leaseMs: 4 * engineDeadlineMs,
    });
    for (const item of items) {
      if (abort.signal.aborted) {
        await stores.sms.release(item.id);
        continue;
      }
      try {
        await settle(item);
      } catch (err) {
        log(`sms inbox: ${item.messageSid} failed: ${(err as Error)?.name}: ${(err as Error)?.message}`);
        await stores.sms.release(item.id).catch(() => undefined);
      }
    }
  }

  const poller = createPoller({
    everyMs,
    pass: drainOnce,
    // The database is away: try again next time.
    onError: (err) => log(`sms inbox: ${(err as Error)?.message}`),
  });

  return {
    start() {
      if (abort.signal.aborted) abort = new AbortController();
      poller.start();
    },
    async stop() {
      abort.abort();
      await poller.stop();
    },
    drainOnce: poller.runOnce,
  };
}
