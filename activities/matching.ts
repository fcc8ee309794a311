// Matching: the ranked counselors who fit every dimension of a request (a local activity in the workflow).
import { criteriaForRequest } from '../db/stores/matching-store';
import type { WideningStep } from '../domain/policy';
import type { LoadGroup } from '../domain/spread';
import { requestHelpers, type ActivityDeps } from './request-helpers';

export function createMatchingActivities({ stores, now = () => new Date() }: ActivityDeps) {
  const { loadRequest } = requestHelpers(stores);
  return {
    async matchCounselors(input: {
      requestId: string;
      widening: WideningStep[];
      exclude: string[];
    }): Promise<string[]> {
      const request = await loadRequest(input.requestId);
      const ids = await stores.matching.matchCounselors(criteriaForRequest(request, input.widening, input.exclude));
      const last = input.widening[input.widening.length - 1];
      await stores.events.add(request.id, last ? 'widened' : 'matched', {
        count: ids.length,
        ...(last ? { step: last } : {}),
      });
      return ids;
    },
    /** Spread the work: each matched counselor's load (below / usual / over) for the head start. Ids only. */
    async loadGroups(input: { counselorIds: string[] }): Promise<Record<string, LoadGroup>> {
      return stores.matching.loadGroups(input.counselorIds, now());
    },
  };
}
