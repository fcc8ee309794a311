// The question a request's match explanation asks: the request with the widening steps and hand-backs it
// has had so far (from the live status, else from the timeline), through the same function dispatch uses.
import type { HelpRequest, RequestEvent } from './types';

export interface MatchCriteria {
  workspaceId: string;
  language: string;
  /** Any of these specialisms (one, or the topic plus general support once widened). */
  topics: string[];
  livedExperience: string[];
  exclude?: string[];
  /** The moment capacity is counted at (this week and month in the team's time zone); now when absent. */
  at?: Date;
}

/**
 * What a request asks of a counselor once the dispatch policy's widening steps taken so far are applied.
 * The dispatch activity and the request page's explanation both use it, so they ask the same question.
 */
export function criteriaForRequest(
  request: { workspaceId: string; language: string; topic: string; livedExperience: string[] },
  widening: readonly string[],
  exclude: string[] = [],
): MatchCriteria {
  return {
    workspaceId: request.workspaceId,
    language: request.language,
    topics: widening.includes('general-support') ? [request.topic, 'general'] : [request.topic],
    livedExperience: widening.includes('drop-lived-experience') ? [] : request.livedExperience,
    exclude,
  };
}

/** What criteriaFor reads of a request's live dispatch status (the workflow's status query). */
export interface WideningSoFar {
  widened: readonly string[];
  excluded: string[];
}

export function criteriaFor(request: HelpRequest, events: RequestEvent[], status: WideningSoFar | null): MatchCriteria {
  const widening =
    status?.widened ??
    events.filter((e) => e.type === 'widened' && typeof e.data.step === 'string').map((e) => e.data.step as string);
  return criteriaForRequest(request, widening, status?.excluded ?? []);
}
