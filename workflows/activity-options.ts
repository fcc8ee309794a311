// How the workflows call their activities: one definition for the request workflow and the after-care.
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** Short database work: retried quickly and without a bound (a database restart must not fail a request). */
export const STORE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
};

/**
 * Sends talk to providers that may be slow or rate-limited: backoff, and a bounded number of attempts (about
 * 3 minutes of a provider refusing at once, 4-5 when its calls time out), so an outage moves the request on to the next channel instead of stalling
 * it. The time a send waits for a busy worker is deliberately not bounded: a backlog delays a wave, it must not
 * skip it. Permanent errors stop at once.
 */
export function sendRetry(nonRetryable: string[]): RetryPolicy {
  return {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['PermanentSendError', 'RequestNotFound', ...nonRetryable],
  };
}
