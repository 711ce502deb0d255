// Failure messages and stack traces as payloads, so the payload codec encrypts them too (loaded by path, see below).
import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Temporal's default failure converter with `encodeCommonAttributes`: a failure's message and stack trace travel as an
 * encoded payload (the history shows "Encoded failure"), since an error's text may quote a script or a comment.
 * Workflows get it through the bundle, clients and workers through `failureConverterPath`: both must agree.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
