// The one place errors become HTTP responses: status from the error's kind, message says what to do.
import { WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InputError, KlartextError } from '../shared/errors.ts';

/** Thrown by routes for an expected refusal with its HTTP status. */
export class ApiError extends KlartextError {
  readonly status: 400 | 401 | 403 | 404 | 409;
  constructor(status: ApiError['status'], message: string) {
    super(message);
    this.status = status;
  }
}

/** Maps any thrown error to a JSON `{ error: { code, message } }` response. */
export function errorResponse(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
  if (err instanceof InputError) return c.json({ error: { code: err.code, message: err.message } }, 400);
  if (err instanceof HTTPException)
    return c.json({ error: { code: 'HTTPException', message: err.message } }, err.status);
  if (err instanceof WorkflowUpdateFailedError) {
    // A validator refusal: the workflow said no, with a reason the reviewer must see.
    const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
    return c.json({ error: { code: cause?.type ?? 'UpdateRefused', message: cause?.message ?? err.message } }, 409);
  }
  if (err instanceof WorkflowNotFoundError) {
    return c.json({ error: { code: 'NotFound', message: 'No running workflow for this segment.' } }, 404);
  }
  console.error(err);
  return c.json({ error: { code: 'InternalError', message: 'Internal error; the server log has details.' } }, 500);
}
