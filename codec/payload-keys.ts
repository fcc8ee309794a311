// The payload key ring from the environment: PAYLOAD_KEYS="id:64hex,id:64hex", the first one encrypts.
import { hkdfSync } from 'node:crypto';
import type { PayloadKey } from './payload-codec';

export const PAYLOAD_KEYS_PATTERN = /^[A-Za-z0-9_-]{1,32}:[0-9a-fA-F]{64}(,[A-Za-z0-9_-]{1,32}:[0-9a-fA-F]{64})*$/;

export function parsePayloadKeys(spec: string): PayloadKey[] {
  const keys = spec.split(',').map((entry) => {
    const [id, hex] = entry.split(':');
    return { id, key: Buffer.from(hex, 'hex') };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('PAYLOAD_KEYS repeats a key id');
  return keys;
}

/**
 * With PAYLOAD_KEYS unset, a key derived from DATA_KEY (HKDF, its own label) so `npm start` needs no set-up.
 * Its id is "dk": to rotate away from it, list the new key first and keep "dk:<derived hex>" after it.
 */
export function defaultPayloadKey(dataKey: Buffer): PayloadKey {
  return { id: 'dk', key: Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'temporal-payload-codec', 32)) };
}
