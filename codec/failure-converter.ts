// Loaded by path (DataConverter.failureConverterPath), also inside the workflow sandbox: failure messages
// and stack traces move into an encoded payload, which the codec then encrypts like any other.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
