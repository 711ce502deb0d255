// The one mapping from a thrown error to an HTTP status, a stable code and a message; both route trees use it.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InputError, KlartextError } from '../shared/errors.ts';

/** Thrown by services and routes for an expected refusal with its HTTP status. */
export class ApiError extends KlartextError {
  readonly status: 400 | 401 | 403 | 404 | 409;
  constructor(status: ApiError['status'], message: string) {
    super(message);
    this.status = status;
  }
}

/** What a failure means to an HTTP client; `status` 500 marks an unexpected failure (the caller logs it). */
export interface MappedError {
  status: ContentfulStatusCode;
  code: string;
  message: string;
}

/** Maps any thrown error to its status, code and message, the same for the JSON API and the workspace pages. */
export function mapError(err: unknown): MappedError {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof InputError) return { status: 400, code: err.code, message: err.message };
  if (err instanceof HTTPException) {
    return { status: err.status as ContentfulStatusCode, code: 'HTTPException', message: err.message };
  }
  if (err instanceof WorkflowUpdateFailedError) {
    // A validator refusal: the workflow said no, with a reason written for the reviewer, shown verbatim.
    const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    return { status: 409, code: cause?.type ?? 'UpdateRefused', message: cause?.message ?? err.message };
  }
  if (err instanceof WorkflowNotFoundError) {
    // The segment's workflow has closed (or never ran): there is nothing to decide, so the target is not found.
    return {
      status: 404,
      code: 'NotFound',
      message: 'No running workflow for this segment: it is no longer under review.',
    };
  }
  return { status: 500, code: 'InternalError', message: 'Internal error; the server log has details.' };
}
