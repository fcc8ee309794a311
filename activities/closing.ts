// Closing: the request is closed; the requester hears honestly why, offered counselors that it is withdrawn.
import type { SendOutcome } from '../notifications';
import { tellOnTheirChannel } from './offers';
import { requestHelpers, retryIfNeeded, type ActivityDeps, type OfferChannel } from './request-helpers';

export function createClosingActivities(deps: ActivityDeps) {
  const { stores, tell } = deps;
  const { loadRequest } = requestHelpers(stores);
  return {
    async closeRequest(input: {
      requestId: string;
      phase: 'unmatched' | 'cancelled';
      round: number;
      cancelledBy: 'coordinator' | 'requester' | null;
      notify: { counselorId: string; channel: OfferChannel }[];
      /** From the policy snapshot the request started with. */
      alternatives?: string;
    }): Promise<void> {
      const request = await loadRequest(input.requestId);
      await stores.requests.close(request.id, input.phase, input.cancelledBy ? { by: input.cancelledBy } : {});
      const opts = { workspaceId: request.workspaceId, requestId: request.id };
      const sends: Promise<SendOutcome[]>[] = [];
      const requester = { requesterOf: request.id };
      if (input.phase === 'unmatched') {
        const vars = { alternatives: input.alternatives ?? '' };
        sends.push(tell(requester, 'requester.unmatched', vars, 'requester-unmatched', opts).then((t) => t.outcomes));
      } else if (input.cancelledBy === 'coordinator') {
        sends.push(tell(requester, 'requester.cancelled', {}, 'requester-cancelled', opts).then((t) => t.outcomes));
      }
      if (input.phase === 'cancelled') {
        sends.push(tellOnTheirChannel(deps, request, input.notify, `withdrawn-r${input.round}`, 'withdrawn'));
      }
      retryIfNeeded((await Promise.all(sends)).flat(), 'closing messages');
    },
  };
}
