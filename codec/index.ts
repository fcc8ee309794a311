// Payload encryption for Temporal: the data converter, the codec and the key ring's parser.
export { createDataConverter, failureConverterPath, workflowInterceptorModules } from './data-converter';
export {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PlaintextPayloadRefused,
  WORKSPACE_METADATA,
  workspaceKey,
  type CodecOptions,
  type PayloadKey,
  type WorkspaceOf,
} from './payload-codec';
export { defaultPayloadKey, parsePayloadKeys } from './payload-keys';
export { isSdkBookkeeping } from './sdk-bookkeeping';
export { workflowWorkspaceResolver, type WorkspaceResolver } from './workspace-of';
