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

/** The delivery retry schedule (seconds, minutes, hours; see workflows/activities.ts `publish`). */
export const DELIVERY_BACKOFF = { initialSeconds: 5, coefficient: 4, maximumSeconds: 5 * 3600 } as const;

/**
 * The wait before retry `attempt + 1` of a delivery: the schedule's exponential step, jittered by ±20 % so receivers
 * that failed together are not all retried in the same second (Temporal's own backoff has no jitter).
 */
export function jitteredDeliveryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const { initialSeconds, coefficient, maximumSeconds } = DELIVERY_BACKOFF;
  const step = Math.min(maximumSeconds, initialSeconds * coefficient ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(step * (0.8 + 0.4 * random())));
}

/**
 * Rethrows a retryable delivery failure: with the receiver's Retry-After when it sent one, else with the jittered
 * schedule as the next retry delay.
 */
export function rethrowDeliveryFailure(err: unknown, attempt: number, retryable: boolean): never {
  const hint = (err as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (!retryable || !(err instanceof Error) || typeof hint === 'number') rethrowHonouringRetryAfter(err);
  throw ApplicationFailure.create({
    message: err.message,
    type: err.name,
    nextRetryDelay: `${jitteredDeliveryDelaySeconds(attempt)} seconds`,
    cause: err,
  });
}
