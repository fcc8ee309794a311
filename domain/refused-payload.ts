// The value a worker hands a workflow in place of a payload it refused (unencrypted, or sealed for another
// workspace). The workflow's interceptor drops a signal carrying it and rejects such an update or start, so a
// forged message changes nothing and does not stall the workflow (a thrown decode would fail every workflow task
// of that request from then on).
export const REFUSED_PAYLOAD_MARK = '$refusedPayload';

export const isRefusedPayload = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>)[REFUSED_PAYLOAD_MARK] === true;
