// Encrypts every Temporal payload with AES-256-GCM, so the history kept by the Temporal server cannot be
// read without the key. Runs outside the workflow sandbox (clients and the worker's main thread).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The encoding an encrypted payload carries; anything else in a history was stored in the clear. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

/** One key of the key ring: its id travels with every payload so a rotated-out key can still decrypt. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  /** The first key encrypts; every key decrypts (rotation: put the new key first, keep the old ones). */
  constructor(private readonly keys: PayloadKey[]) {
    if (keys.length === 0) throw new ValueError('the payload codec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new ValueError(`payload key ${k.id} is not 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0];
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(id) },
      data: encrypt(key, id, temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Payloads written before encryption was turned on stay readable.
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!idBytes) throw new ValueError('encrypted payload without a key id');
      const id = text.decode(idBytes);
      const key = this.byId.get(id);
      if (!key) throw new ValueError(`no payload key with id "${id}" (PAYLOAD_KEYS)`);
      if (!payload.data) throw new ValueError('encrypted payload without data');
      return temporal.api.common.v1.Payload.decode(decrypt(key, id, payload.data));
    });
  }
}

// The key id is authenticated with the ciphertext: a payload relabelled with another id does not decrypt.
function encrypt(key: Buffer, id: string, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(utf8.encode(id));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, id: string, data: Uint8Array): Uint8Array {
  const buf = Buffer.from(data);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAAD(utf8.encode(id));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new ValueError(`payload does not decrypt with key "${id}" (wrong key or tampered data)`);
  }
}
