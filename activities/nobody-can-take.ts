// Nobody at all can take a request (no counselor of the team covers it, even widened as far as the policy goes):
// the requester hears at once, with the team's alternatives, instead of after every wave and the hold.
import { criteriaForRequest } from '../db/stores/matching-store';
import type { CrisisResource } from '../db/stores/safety-store';
import type { WideningStep } from '../domain/policy';
import { requestHelpers, retryIfNeeded, type ActivityDeps } from './request-helpers';

/** The team's crisis lines as one line each (an SMS joins them with "; "). */
export function resourceLines(resources: CrisisResource[]): string[] {
  return resources.map((r) => [r.name, r.phone, r.url].filter(Boolean).join(' ') + (r.note ? ` (${r.note})` : ''));
}

export function createNobodyCanTakeActivities(deps: ActivityDeps) {
  const { stores, tell } = deps;
  const { loadRequest } = requestHelpers(stores);
  return {
    /**
     * Asked when the match (every widening step taken) found nobody. When somebody could take it once free
     * (away, paused, at capacity, cooling down) this does nothing: the waves and the hold go on as before. When
     * nobody could, the requester is told now, once per request (one ledger key, so a retried activity or a
     * second round sends nothing more). The request stays open: a coordinator may still assign it.
     */
    async tellRequesterNobodyCanTake(input: {
      requestId: string;
      widening: WideningStep[];
      exclude: string[];
      /** From the policy snapshot the request started with. */
      alternatives?: string;
    }): Promise<{ told: boolean }> {
      const request = await loadRequest(input.requestId);
      if (request.phase !== 'matching' && request.phase !== 'offering') return { told: false };
      const criteria = criteriaForRequest(request, input.widening, input.exclude);
      if ((await stores.matching.couldTakeIfFree(criteria)) > 0) return { told: false };
      const lines = resourceLines(await stores.safety.crisisResources(request.workspaceId, request.language));
      const { outcomes } = await tell(
        { requesterOf: request.id },
        'requester.nobody-can-take',
        ({ channel }) => ({
          alternatives: [input.alternatives ?? '', ...lines]
            .map((s) => s.trim())
            .filter(Boolean)
            // An SMS runs them on as sentences; an email gives each its line.
            .map((s) => (channel === 'sms' && !/[.!?]$/.test(s) ? `${s}.` : s))
            .join(channel === 'sms' ? ' ' : '\n'),
        }),
        'requester-nobody-can-take',
        { workspaceId: request.workspaceId, requestId: request.id },
      );
      retryIfNeeded(outcomes, 'messages to the requester');
      // Once on the timeline, even when a retry runs this again after the send.
      const events = await stores.events.list(request.id);
      if (!events.some((e) => e.type === 'requester-told-nobody-can-take'))
        await stores.events.add(request.id, 'requester-told-nobody-can-take', {});
      return { told: true };
    },
  };
}
