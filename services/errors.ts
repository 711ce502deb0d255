// The one mapping from a thrown error to an HTTP status, a stable code and a message; both route trees use it.
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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
  if (isTemporalUnavailable(err)) {
    return {
      status: 503,
      code: 'WorkflowServiceUnavailable',
      message:
        'The workflow service did not answer in time (no worker running, or Temporal restarting); retry in a few seconds.',
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      status: 503,
      code: 'DatabaseUnavailable',
      message: 'The database is unavailable (restarting or unreachable); retry in a few seconds.',
    };
  }
  return { status: 500, code: 'InternalError', message: 'Internal error; the server log has details.' };
}

// Node socket errors, and PostgreSQL's admin/crash shutdown (57P0x) and connection exception class (08xxx).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
// pg's own wording when a connection ends or cannot be made in time; these errors carry no code.
const CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Whether `err` (or an error it wraps) says the database connection was lost or could not be made. */
function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (CONNECTION_MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

// gRPC DEADLINE_EXCEEDED (a query no worker answered in time) and UNAVAILABLE (the Temporal server is away).
const TEMPORAL_UNAVAILABLE_CODES = new Set([4, 14]);

/** Whether `err` (or an error it wraps, as the client's ServiceError does) is a Temporal call that could not be served. */
function isTemporalUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && TEMPORAL_UNAVAILABLE_CODES.has(e.code)) return true;
  }
  return false;
}
