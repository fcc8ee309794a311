// Payload encryption for Temporal: the data converter, the codec and the key ring's parser.
export { createDataConverter, failureConverterPath } from './data-converter';
export { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, type PayloadKey } from './payload-codec';
export { defaultPayloadKey, parsePayloadKeys } from './payload-keys';
