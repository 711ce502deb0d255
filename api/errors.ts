// The JSON API's `onError`: every failure as `{ error: { code, message } }` with the status of the one mapping.
import type { Context } from 'hono';
import { mapError } from '../services/errors.ts';

export { ApiError } from '../services/errors.ts';

/** Maps any thrown error to a JSON `{ error: { code, message } }` response. */
export function errorResponse(err: Error, c: Context): Response {
  const { status, code, message } = mapError(err);
  if (status === 500) console.error(err);
  return c.json({ error: { code, message } }, status);
}
