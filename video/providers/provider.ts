// The video-provider interface: submit a generation job, poll it, download the clip. Adapters know nothing of
// Temporal or the database; the poll loop (poll-loop.ts) adds heartbeats and the generation ledger.

/** What to generate: one clip, at most the provider's `maxClipSeconds` long. */
export interface VideoJobRequest {
  prompt: string;
  /** Wanted duration; adapters round up to the nearest duration their API accepts. */
  seconds: number;
  size: '1280x720' | '720x1280';
  model: string;
}

/** A job's state as the provider reports it. */
export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** Why a job failed, in the provider's words; `contentPolicy` marks a refusal that no retry can fix. */
export interface VideoJobError {
  code: string;
  message: string;
  contentPolicy: boolean;
}

/** One poll's answer. `seconds` is the clip's duration as billed, once known. */
export interface VideoJobState {
  status: VideoJobStatus;
  /** Percent complete (0–100) when the provider says. */
  progress?: number;
  error?: VideoJobError;
  seconds?: number;
}

/**
 * A video generation service. Every method throws klartext errors: `ProviderUnavailableError` (429, 5xx, timeouts,
 * network; retryable, with `retryAfterSeconds`), `ProviderRejectedError` (invalid request) or `VideoRejectedError`
 * (content policy), the latter two non-retryable.
 */
export interface VideoProvider {
  readonly name: string;
  /** The model every job is generated with (the adapter's configured model). */
  readonly model: string;
  /** Durations the API accepts, ascending; the last is `maxClipSeconds`. */
  readonly allowedSeconds: readonly number[];
  readonly maxClipSeconds: number;
  /**
   * Submits a job. `idempotencyKey` (the generation key) is sent where the API supports one, so a request repeated
   * after a lost answer does not start a second paid job.
   */
  submit(
    request: VideoJobRequest,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<{ jobId: string }>;
  poll(jobId: string, options?: { signal?: AbortSignal }): Promise<VideoJobState>;
  /** Streams the finished clip to `destPath` (the caller renames it into place). */
  download(jobId: string, destPath: string, options?: { signal?: AbortSignal }): Promise<void>;
}

/** The smallest duration in `allowed` (sorted ascending) that covers `seconds`, else the largest. */
export function roundUpSeconds(seconds: number, allowed: readonly number[]): number {
  return allowed.find((s) => s >= seconds) ?? allowed[allowed.length - 1] ?? seconds;
}

/** Whether a provider's error code or message names a content-policy or safety refusal. */
export function isContentPolicy(text: string): boolean {
  return /moderation|content[ _-]?polic|safety|responsible ai|\brai\b|usage guidelines|blocked/i.test(text);
}
