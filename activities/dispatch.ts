// The request workflow's side effects, one file per job: matching, offers (waves), alerts, after the win,
// closing. This file only puts them together under the names the workflow proxies.
import { createAfterWinActivities } from './after-win';
import { createAlertActivities } from './alerts';
import { createClosingActivities } from './closing';
import { createFirstContactActivities } from './first-contact';
import { createMatchingActivities } from './matching';
import { createNobodyCanTakeActivities } from './nobody-can-take';
import { createOfferActivities } from './offers';
import type { ActivityDeps } from './request-helpers';

export type { DispatchDeps } from './request-helpers';
export type { AlertReason } from './alerts';

export function createDispatchActivities(deps: ActivityDeps) {
  return {
    ...createMatchingActivities(deps),
    ...createOfferActivities(deps),
    ...createAlertActivities(deps),
    ...createAfterWinActivities(deps),
    ...createClosingActivities(deps),
    ...createFirstContactActivities(deps),
    ...createNobodyCanTakeActivities(deps),
  };
}
