// Typed send errors: Temporal retries the retryable ones and stops on the permanent ones (by type name).

/** The provider refused for good (invalid number, bad address): retrying cannot help. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/** The provider did not take the message (429, 5xx, refused connection): a later retry may. */
export class RetryableSendError extends Error {
  override name = 'RetryableSendError';
}
