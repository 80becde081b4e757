/**
 * Loaded by path (the worker's `dataConverter.failureConverterPath`, bundled into workflow code):
 * failure messages and stack traces travel as an encoded payload, so the payload codec encrypts
 * them like any other payload (a failure can quote a contact or an address).
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
