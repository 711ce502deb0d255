// Metrics around a worker's activities and providers: each activity attempt counted and timed by type and outcome,
// each script or video provider call timed. Wrapping keeps activities/ free of any metrics library.
import { CancelledFailure } from '@temporalio/common';
import type { Metrics, ProviderKind } from '../config/metrics.ts';
import type { PriceTable } from '../shared/price-table.ts';
import type { DraftOutput, ScriptProvider } from '../scripts/providers/provider.ts';
import type { VideoJobState, VideoProvider } from '../video/providers/provider.ts';
import type { Tts } from '../video/render/tts.ts';

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
 * members pass through unchanged. `onResult` sees each successful call's result (for usage and cost); `name` labels
 * a provider that has no `name` of its own (a narration engine).
 */
export function instrumentProvider<P extends object>(
  provider: P,
  kind: ProviderKind,
  operations: readonly (keyof P & string)[],
  metrics: Metrics,
  opts: { name?: string; onResult?: (operation: string, result: unknown, args: unknown[]) => void } = {},
): P {
  const name = opts.name ?? String((provider as { name?: unknown }).name);
  return new Proxy(provider, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !operations.includes(key as keyof P & string) || typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const stop = metrics.providerDuration.startTimer({ kind, provider: name, operation: key });
        let result: unknown;
        try {
          result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          stop({ outcome: 'error' });
          throw err;
        }
        stop({ outcome: 'ok' });
        opts.onResult?.(key, result, args);
        return result;
      };
    },
  });
}

/**
 * Counts what providers generated (`klartext_provider_seconds_total`, `klartext_provider_tokens_total`) and its
 * estimated cost with the price table (`klartext_provider_estimated_cost_total`); a provider without a price in the
 * table adds no cost, as the campaign plan reports it unknown.
 */
export function usageMeter(metrics: Metrics, prices: PriceTable) {
  const priceOf = { script: prices.scriptPer1kTokens, video: prices.videoPerSecond, voice: prices.narrationPerSecond };
  return (kind: ProviderKind, provider: string, usage: { seconds?: number; tokens?: number }): void => {
    const { seconds, tokens } = usage;
    if (seconds !== undefined && seconds > 0) metrics.providerSeconds.inc({ kind, provider }, seconds);
    if (tokens !== undefined && tokens > 0) metrics.providerTokens.inc({ provider }, tokens);
    const price = priceOf[kind][provider];
    const units = kind === 'script' ? (tokens ?? 0) / 1000 : (seconds ?? 0);
    if (price !== undefined && units > 0) {
      metrics.providerCost.inc({ kind, provider, currency: prices.currency }, price * units);
    }
  };
}

/** Remembers the provider jobs already counted, so a job polled again after it finished (a retry) counts once. */
export function onceEach(limit = 10_000): (id: string) => boolean {
  const seen = new Set<string>();
  return (id) => {
    if (seen.has(id)) return false;
    // A bounded memory: past the limit the oldest half is forgotten (a retry comes within minutes, not days).
    if (seen.size >= limit) for (const old of [...seen].slice(0, limit / 2)) seen.delete(old);
    seen.add(id);
    return true;
  };
}

/** A narration engine as the price table names it: eSpeak NG's system and npm builds are one `espeak-ng`. */
const voiceName = (tts: Tts) => (tts.engine.startsWith('espeak-ng') ? 'espeak-ng' : tts.engine);

/**
 * The worker's providers, each call timed and what it generated counted and priced: script drafts by tokens, model
 * footage by the seconds a finished job reports (once per job), narration by its seconds.
 */
export function instrumentProviders<
  P extends { script?: ScriptProvider; video?: VideoProvider | undefined; tts?: Tts | undefined },
>(providers: P, metrics: Metrics, prices: PriceTable): P {
  const usage = usageMeter(metrics, prices);
  const { script, video, tts } = providers;
  const firstTime = onceEach();
  return {
    ...providers,
    ...(script && {
      script: instrumentProvider(script, 'script', ['draft'], metrics, {
        onResult: (_operation, result) => {
          const draft = result as DraftOutput;
          usage('script', draft.provider, draft.usage ? { tokens: draft.usage.totalTokens } : {});
        },
      }),
    }),
    ...(video && {
      video: instrumentProvider(video, 'video', ['submit', 'poll', 'download'], metrics, {
        onResult: (operation, result, [jobId]) => {
          const state = result as VideoJobState;
          if (operation !== 'poll' || state.status !== 'completed' || state.seconds === undefined) return;
          if (firstTime(String(jobId))) usage('video', video.name, { seconds: state.seconds });
        },
      }),
    }),
    ...(tts && {
      tts: instrumentProvider(tts, 'voice', ['synthesize'], metrics, {
        name: voiceName(tts),
        onResult: (_operation, result) =>
          usage('voice', voiceName(tts), { seconds: (result as { seconds: number }).seconds }),
      }),
    }),
  };
}
