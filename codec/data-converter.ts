// The one data converter every Temporal client and worker of the project uses.
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type CodecOptions, type PayloadKey } from './payload-codec';

/** For bundleWorkflowCode: a bundle made ahead must carry the same failure converter. */
export const failureConverterPath = require.resolve('./failure-converter');

/** For bundleWorkflowCode and Worker.create: every bundle of the workflows carries the refused-payload guard. */
export const workflowInterceptorModules = [require.resolve('../workflows/refused-payload-interceptor')];

export function createDataConverter(keys: PayloadKey[], options: CodecOptions = {}): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys, options)], failureConverterPath };
}
