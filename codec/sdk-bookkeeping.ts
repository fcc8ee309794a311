// The few payloads the Temporal SDK itself writes in the clear (the server or a replay must read them), known by
// their exact shape: anything else unencrypted is refused, so nobody who reaches Temporal can speak for the app.
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';

const text = new TextDecoder();
const LOCAL_ACTIVITY_MARKER = 'activity_id,activity_type,attempt,backoff,complete_time,original_schedule_time,seq';
const PATCH_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A patch marker, a local activity's marker or the TemporalChangeVersion list: names and counters only. */
export function isSdkBookkeeping(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  if (!encoding || text.decode(encoding) !== 'json/plain' || !payload.data) return false;
  if (Object.keys(payload.metadata ?? {}).length !== 1) return false;
  let value: unknown;
  try {
    value = JSON.parse(text.decode(payload.data));
  } catch {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => typeof v === 'string' && PATCH_ID.test(v));
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  if (keys === 'deprecated,id')
    return typeof v.deprecated === 'boolean' && typeof v.id === 'string' && PATCH_ID.test(v.id);
  if (keys === LOCAL_ACTIVITY_MARKER) {
    return (
      typeof v.activity_id === 'string' &&
      typeof v.activity_type === 'string' &&
      typeof v.seq === 'number' &&
      typeof v.attempt === 'number' &&
      Object.values(v).every((x) => x === null || ['string', 'number', 'object'].includes(typeof x))
    );
  }
  return false;
}
