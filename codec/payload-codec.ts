// Encrypts every Temporal payload with AES-256-GCM, so the history kept by the Temporal server cannot be
// read without the key, and refuses any data payload that arrives unencrypted: whoever reaches Temporal
// without the key cannot accept an offer, send a signal or feed a workflow. Runs outside the workflow
// sandbox (clients and the worker's main thread).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  METADATA_ENCODING_KEY,
  ValueError,
  type Payload,
  type PayloadCodec,
  type SerializationContext,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { REFUSED_PAYLOAD_MARK } from '../domain/refused-payload';
import { isSdkBookkeeping } from './sdk-bookkeeping';

/** The encoding an encrypted payload carries; anything else in a history was stored in the clear. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/**
 * The workspace whose key sealed the payload (an id, not personal). Authenticated twice: the key is derived from
 * it and it is part of the associated data, so a relabelled payload does not decrypt.
 */
export const WORKSPACE_METADATA = 'encryption-workspace';

/** One key of the key ring: its id travels with every payload so a rotated-out key can still decrypt. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Which workspace a workflow belongs to (undefined: none, or not known yet: the ring's own key is used). */
export type WorkspaceOf = (workflowId: string) => Promise<string | undefined>;

export class PlaintextPayloadRefused extends ValueError {
  constructor() {
    super('unencrypted payload refused: every data payload must be sealed with the payload key');
  }
}

export interface CodecOptions {
  workspaceOf?: WorkspaceOf;
  /**
   * 'throw' (clients: the caller gets an error) or 'mark' (the worker: the workflow gets a marked value its
   * interceptor drops, so a forged signal cannot stall the workflow by failing its every task).
   */
  refusal?: 'throw' | 'mark';
  /** Told of every refusal (a security event); never given the payload itself. */
  onRefused?: (reason: string, context?: SerializationContext) => void;
}

const REFUSED: Payload = {
  metadata: { [METADATA_ENCODING_KEY]: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify({ [REFUSED_PAYLOAD_MARK]: true })),
};

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();
const WORKSPACE_ID = /^[0-9a-f-]{1,64}$/;

/** HKDF from a ring key with the workspace id: a workspace's key opens nothing of another workspace. */
export function workspaceKey(key: Buffer, workspaceId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `temporal-payload-workspace:${workspaceId}`, 32));
}

/** Derived keys kept per codec: HKDF on every payload was a measurable part of a dispatch's CPU. */
const DERIVED_KEYS_LIMIT = 10_000;

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly derived = new Map<string, Buffer>();

  /** The first key encrypts; every key decrypts (rotation: put the new key first, keep the old ones). */
  constructor(
    private readonly keys: PayloadKey[],
    private readonly options: CodecOptions = {},
  ) {
    if (keys.length === 0) throw new ValueError('the payload codec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new ValueError(`payload key ${k.id} is not 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workspace = await this.workspaceOfContext(context);
    return this.seal(payloads, workspace);
  }

  /** Seals for one named workspace (the codec endpoint: a coordinator encodes for their own workspace only). */
  encodeForWorkspace(payloads: Payload[], workspaceId: string): Payload[] {
    return this.seal(payloads, workspaceId);
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const expected = await this.workspaceOfContext(context);
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return this.plain(payload, context);
      const sealedFor = workspaceIn(payload);
      // A payload sealed for another workspace's key is not accepted into this workflow.
      if (sealedFor && expected && sealedFor !== expected) {
        this.options.onRefused?.('payload sealed for another workspace', context);
        if (this.options.refusal === 'mark') return REFUSED;
        throw new ValueError('payload sealed for another workspace refused');
      }
      return this.open(payload);
    });
  }

  /**
   * The codec endpoint's decode: only payloads sealed for this workspace are opened; the rest (other workspaces,
   * the deployment's own) come back as they were, still sealed.
   */
  decodeForWorkspace(payloads: Payload[], workspaceId: string): Payload[] {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return isSdkBookkeeping(payload) ? payload : sealedAway(payload);
      if (workspaceIn(payload) !== workspaceId) return payload;
      return this.open(payload);
    });
  }

  private plain(payload: Payload, context?: SerializationContext): Payload {
    if (isSdkBookkeeping(payload)) return payload;
    this.options.onRefused?.('unencrypted payload', context);
    if (this.options.refusal === 'mark') return REFUSED;
    throw new PlaintextPayloadRefused();
  }

  private seal(payloads: Payload[], workspace: string | undefined): Payload[] {
    const { id, key } = this.keys[0];
    if (workspace !== undefined && !WORKSPACE_ID.test(workspace)) throw new ValueError('malformed workspace id');
    const sealKey = workspace ? this.derivedKey(id, key, workspace) : key;
    const aad = associatedData(id, workspace);
    return payloads.map((payload) => ({
      metadata: {
        [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: utf8.encode(id),
        ...(workspace ? { [WORKSPACE_METADATA]: utf8.encode(workspace) } : {}),
      },
      data: encrypt(sealKey, aad, temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  private open(payload: Payload): Payload {
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!idBytes) throw new ValueError('encrypted payload without a key id');
    const id = text.decode(idBytes);
    const key = this.byId.get(id);
    if (!key) throw new ValueError(`no payload key with id "${id}" (PAYLOAD_KEYS)`);
    if (!payload.data) throw new ValueError('encrypted payload without data');
    // Payloads sealed before workspace keys (the saved histories, older requests) carry no workspace: ring key.
    const workspace = workspaceIn(payload);
    const openKey = workspace ? this.derivedKey(id, key, workspace) : key;
    return temporal.api.common.v1.Payload.decode(decrypt(openKey, id, associatedData(id, workspace), payload.data));
  }

  private derivedKey(id: string, key: Buffer, workspace: string): Buffer {
    const name = `${id}\u0000${workspace}`;
    let derived = this.derived.get(name);
    if (!derived) {
      derived = workspaceKey(key, workspace);
      if (this.derived.size >= DERIVED_KEYS_LIMIT) this.derived.delete(this.derived.keys().next().value as string);
      this.derived.set(name, derived);
    }
    return derived;
  }

  private async workspaceOfContext(context?: SerializationContext): Promise<string | undefined> {
    if (!this.options.workspaceOf || !context?.workflowId) return undefined;
    return this.options.workspaceOf(context.workflowId);
  }
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return !!encoding && text.decode(encoding) === ENCRYPTED_ENCODING;
}

function workspaceIn(payload: Payload): string | undefined {
  const bytes = payload.metadata?.[WORKSPACE_METADATA];
  return bytes ? text.decode(bytes) : undefined;
}

/** What the codec endpoint hands back for a plain payload that is not the SDK's: nothing of its content. */
function sealedAway(payload: Payload): Payload {
  void payload;
  return { metadata: { [METADATA_ENCODING_KEY]: utf8.encode('binary/refused') }, data: new Uint8Array() };
}

// Before workspace keys the associated data was the key id alone; those payloads must still open.
const associatedData = (id: string, workspace: string | undefined): Uint8Array =>
  utf8.encode(workspace ? `${id}\u0000${workspace}` : id);

function encrypt(key: Buffer, aad: Uint8Array, plain: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, id: string, aad: Uint8Array, data: Uint8Array): Uint8Array {
  const buf = Buffer.from(data);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new ValueError(`payload does not decrypt with key "${id}" (wrong key or tampered data)`);
  }
}
