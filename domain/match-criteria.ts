// The question a request's match explanation asks: the request with the widening steps and hand-backs it
// has had so far (from the live status, else from the timeline), through the same function dispatch uses.
import type { HelpRequest, MatchCriteria, RequestEvent } from '../db';
import { criteriaForRequest } from '../db/stores/matching-store';
import type { DispatchStatus } from '../workflows/definitions';

export function criteriaFor(
  request: HelpRequest,
  events: RequestEvent[],
  status: DispatchStatus | null,
): MatchCriteria {
  const widening =
    status?.widened ??
    events.filter((e) => e.type === 'widened' && typeof e.data.step === 'string').map((e) => e.data.step as string);
  return criteriaForRequest(request, widening, status?.excluded ?? []);
}
