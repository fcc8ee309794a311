// The one data converter every Temporal client and worker of the project uses.
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type PayloadKey } from './payload-codec';

/** For bundleWorkflowCode: a bundle made ahead must carry the same failure converter. */
export const failureConverterPath = require.resolve('./failure-converter');

export function createDataConverter(keys: PayloadKey[]): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath };
}
