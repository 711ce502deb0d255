// Honours a remote service's Retry-After: the next Temporal retry waits as long as the service asked.
import { ApplicationFailure } from '@temporalio/activity';

/**
 * Rethrows `err`; when it carries `retryAfterSeconds` (a 429/503 with Retry-After), as an ApplicationFailure of the
 * same type with `nextRetryDelay`, so this one retry follows the service instead of our own backoff.
 */
export function rethrowHonouringRetryAfter(err: unknown): never {
  const hint = (err as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (err instanceof Error && typeof hint === 'number') {
    throw ApplicationFailure.create({
      message: err.message,
      type: err.name,
      nextRetryDelay: `${hint} seconds`,
      cause: err,
    });
  }
  throw err;
}
