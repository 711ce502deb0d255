// Metrics around a worker's activities and providers: each activity attempt counted and timed by type and outcome,
// each script or video provider call timed. Wrapping keeps activities/ free of any metrics library.
import { CancelledFailure } from '@temporalio/common';
import type { Metrics } from '../config/metrics.ts';

type ActivityFn = (...args: never[]) => Promise<unknown>;

function outcomeOf(err: unknown): 'cancelled' | 'failed' {
  return err instanceof CancelledFailure || (err as Error | undefined)?.name === 'AbortError' ? 'cancelled' : 'failed';
}

/** The same activities, each attempt counted in `klartext_activity_executions_total` and timed, by its outcome. */
export function instrumentActivities<T extends Record<string, ActivityFn>>(activities: T, metrics: Metrics): T {
  const wrapped: Record<string, ActivityFn> = {};
  for (const [type, fn] of Object.entries(activities)) {
    const run = async (...args: never[]) => {
      const stop = metrics.activityDuration.startTimer({ activity_type: type });
      let outcome = 'completed';
      try {
        return await fn(...args);
      } catch (err) {
        outcome = outcomeOf(err);
        throw err;
      } finally {
        stop({ outcome });
        metrics.activityExecutions.inc({ activity_type: type, outcome });
      }
    };
    // The SDK registers an activity under its key; the function's own name is kept for stack traces.
    Object.defineProperty(run, 'name', { value: fn.name || type });
    wrapped[type] = run;
  }
  return wrapped as T;
}

/**
 * A provider whose async methods (`operations`) are timed in `klartext_provider_request_duration_seconds`; other
 * members pass through unchanged.
 */
export function instrumentProvider<P extends { readonly name: string }>(
  provider: P,
  kind: 'script' | 'video',
  operations: readonly (keyof P & string)[],
  metrics: Metrics,
): P {
  return new Proxy(provider, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !operations.includes(key as keyof P & string) || typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const stop = metrics.providerDuration.startTimer({ kind, provider: target.name, operation: key });
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          stop({ outcome: 'ok' });
          return result;
        } catch (err) {
          stop({ outcome: 'error' });
          throw err;
        }
      };
    },
  });
}
