// What activities/ offers: createActivities(deps), built once by the worker (the composition root).
import { createAftercareActivities } from './aftercare';
import { createDispatchActivities, type DispatchDeps } from './dispatch';
import { createRetentionActivities } from './retention';
import { createPoolActivities } from './pool';
import { createMessagingActivities } from './messaging';
import { createHandoverReminderActivities } from './handover-reminders';

export function createActivities(deps: DispatchDeps) {
  return {
    ...createDispatchActivities(deps),
    ...createRetentionActivities(deps),
    ...createPoolActivities(deps),
    ...createAftercareActivities(deps),
    ...createMessagingActivities(deps),
    ...createHandoverReminderActivities(deps),
  };
}

/** The type the workflows proxy; they import types only. */
export type DispatchActivities = ReturnType<typeof createActivities>;

export { createNotifier } from './notify';
export { createMessageRenderer } from './templates';
export { createTwilioSmsSender } from './providers/sms';
export { createSmtpEmailSender } from './providers/email';
export type { SmsSender } from './providers/sms';
export type { EmailSender } from './providers/email';
export { PermanentSendError, RetryableSendError } from './errors';
