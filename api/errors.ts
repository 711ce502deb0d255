// The JSON API's `onError`: every failure as `{ error: { code, message } }` with the status of the one mapping.
import type { Context } from 'hono';
import { mapError } from '../services/errors.ts';

export { ApiError } from '../services/errors.ts';

/** The JSON 404 for a path no route serves. */
export const notFoundResponse = (c: Context): Response =>
  c.json({ error: { code: 'NotFound', message: `No route ${c.req.method} ${c.req.path}.` } }, 404);

/** The context key under which a request logger (`klartext serve`'s) takes unexpected failures into its log. */
export const FAILURE_LOGGER = 'klartext.logFailure';

/** Logs an unexpected failure: through the request's logger when there is one (with its request id), else stderr. */
export function logUnexpected(c: Context, err: unknown): void {
  const log = c.get(FAILURE_LOGGER) as ((err: unknown) => void) | undefined;
  if (log) log(err);
  else console.error(err);
}

/** Maps any thrown error to a JSON `{ error: { code, message } }` response. */
export function errorResponse(err: Error, c: Context): Response {
  const { status, code, message } = mapError(err);
  if (status === 500) logUnexpected(c, err);
  return c.json({ error: { code, message } }, status);
}
