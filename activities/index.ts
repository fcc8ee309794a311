// What activities/ offers: createActivities(deps), built once by the worker (the composition root).
import { createTell } from '../notifications';
import { createAftercareActivities } from './aftercare';
import { createDispatchActivities } from './dispatch';
import { createMessageNoticeActivities } from './message-notices';
import { createPoolActivities } from './pool';
import type { DispatchDeps } from './request-helpers';
import { createRetentionActivities } from './retention';
import { createHandoverReminderActivities } from './handover-reminders';
import { createCareActivities } from './care';
import { createShiftSwapActivities } from './shift-swaps';

export function createActivities(dispatchDeps: DispatchDeps) {
  const deps = { ...dispatchDeps, tell: createTell(dispatchDeps) };
  return {
    ...createDispatchActivities(deps),
    ...createRetentionActivities(deps),
    ...createPoolActivities(deps),
    ...createAftercareActivities(deps),
    ...createMessageNoticeActivities(deps),
    ...createHandoverReminderActivities(deps),
    ...createCareActivities(deps),
    ...createShiftSwapActivities(deps),
  };
}

/** The type the workflows proxy; they import types only. */
export type DispatchActivities = ReturnType<typeof createActivities>;

// The notifications wing, re-exported for the callers that built it through activities/ before it had a home.
export {
  createNotifier,
  createMessageRenderer,
  createTwilioSmsSender,
  createSmtpEmailSender,
  createChannels,
  PermanentSendError,
  RetryableSendError,
} from '../notifications';
export type { SmsSender, EmailSender } from '../notifications';
