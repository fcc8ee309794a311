// Nobody at all can take the request: the requester is told at once (activities/nobody-can-take.ts decides
// whether anybody could once free, and sends once per request). The request stays open either way.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { WideningStep } from '../domain/policy';
import { sendRetry } from './activity-options';

const { tellRequesterNobodyCanTake } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: sendRetry([]),
});

export async function tellIfNobodyCanTake(input: {
  requestId: string;
  widening: WideningStep[];
  exclude: string[];
  alternatives?: string;
}): Promise<boolean> {
  try {
    return (await tellRequesterNobodyCanTake(input)).told;
  } catch (err) {
    // A provider down past the bound must not stall the request: the waves and the hold go on, and the
    // closing message still reaches the requester.
    if (!(err instanceof ActivityFailure)) throw err;
    return false;
  }
}
