// The generation poll loop with the cost-safety rule: a job is submitted at most once per generation key. The job id
// goes to the ledger before the first poll, so a retried or restarted activity resumes it instead of paying again.
import { rename, rm } from 'node:fs/promises';
import { ProviderUnavailableError, VideoRejectedError } from '../../shared/errors.ts';
import type { GenerationLedger } from '../../shared/generation.ts';
import type { VideoJobRequest, VideoJobState, VideoProvider } from './provider.ts';

export type { GenerationEntry, GenerationLedger } from '../../shared/generation.ts';

/** Heartbeat details: what a human or a restarted attempt needs to see. */
export interface JobHeartbeat {
  jobId: string;
  status: VideoJobState['status'];
  progress?: number;
}

export interface RunJobInput {
  provider: VideoProvider;
  request: VideoJobRequest;
  /** The generation key (hash of approved script version, provider, model, size, duration, settings). */
  key: string;
  ledger: GenerationLedger;
  /** Where the finished clip goes; written to `<destPath>.part` first and renamed. */
  destPath: string;
  heartbeat: (details: JobHeartbeat) => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Poll backoff: first and largest wait in ms (2 s → 10 s by default, ×1.5 per poll). */
  backoffMs?: { initial: number; max: number };
}

export interface RunJobResult {
  jobId?: string;
  /** Seconds reported by the provider (or requested, when it reports none); undefined when `reused`. */
  seconds?: number;
  /** True when the ledger already held a completed entry: nothing was generated or downloaded. */
  reused: boolean;
  /** True when an earlier attempt's job was resumed instead of submitting one. */
  resumed: boolean;
}

/**
 * Runs one generation: reuses a completed entry, resumes a recorded job, or submits a new one (recording its id
 * before polling); polls with backoff, heartbeating every poll; downloads on completion. A content-policy failure
 * throws `VideoRejectedError` (non-retryable); any other failed job is discarded from the ledger and throws
 * `ProviderUnavailableError`, so the retry submits afresh (failed jobs are not billed).
 */
export async function runJob(input: RunJobInput): Promise<RunJobResult> {
  const { provider, request, key, ledger, signal } = input;
  const entry = await ledger.get(key);
  if (entry?.status === 'completed') return { reused: true, resumed: false };
  let jobId = entry?.jobId;
  const resumed = jobId !== undefined;
  if (jobId === undefined) {
    signal?.throwIfAborted();
    ({ jobId } = await provider.submit(request, { idempotencyKey: key, ...(signal ? { signal } : {}) }));
    await ledger.recordJob(key, jobId);
  }
  const { initial, max } = input.backoffMs ?? { initial: 2_000, max: 10_000 };
  let wait = initial;
  for (;;) {
    signal?.throwIfAborted();
    const state = await provider.poll(jobId, signal ? { signal } : {});
    input.heartbeat({
      jobId,
      status: state.status,
      ...(state.progress === undefined ? {} : { progress: state.progress }),
    });
    if (state.status === 'completed') {
      const part = `${input.destPath}.part`;
      try {
        await provider.download(jobId, part, signal ? { signal } : {});
        await rename(part, input.destPath);
      } finally {
        await rm(part, { force: true });
      }
      const seconds = state.seconds ?? request.seconds;
      await ledger.complete(key, seconds);
      return { jobId, seconds, reused: false, resumed };
    }
    if (state.status === 'failed') {
      const { code, message, contentPolicy } = state.error ?? {
        code: 'unknown',
        message: 'no reason given',
        contentPolicy: false,
      };
      const reason = `${code}: ${message}`;
      if (contentPolicy) {
        throw new VideoRejectedError(`${provider.name} refused video job ${jobId}: ${reason}`, { reason });
      }
      await ledger.discardJob(key, jobId);
      throw new ProviderUnavailableError(`${provider.name} video job ${jobId} failed: ${reason}`);
    }
    await input.sleep(wait, signal);
    wait = Math.min(max, Math.ceil(wait * 1.5));
  }
}
