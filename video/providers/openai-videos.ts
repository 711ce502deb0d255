// `openai-videos` adapter: the `/v1/videos` API through the official SDK, for the gateways and self-hosted servers
// that keep that interface since OpenAI shut its own down on 2026-09-24. The SDK has no poll helper: poll-loop.ts.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { APIError } from 'openai';
import { openAIClient } from '../../http/openai-client.ts';
import { VideoRejectedError } from '../../shared/errors.ts';
import { providerError } from '../../http/openai-errors.ts';
import { isContentPolicy, roundUpSeconds } from './provider.ts';
import type { VideoJobState, VideoProvider } from './provider.ts';

/** Durations the API accepts (`VideoSeconds` in the OpenAPI description). */
export const ALLOWED_SECONDS = [4, 8, 12] as const;

/** Options of the `openai-videos` adapter. */
export interface OpenAIVideosOptions {
  apiKey: string;
  /** The server's API root, e.g. `https://gateway.example/v1`. */
  baseURL: string;
  model: string;
  /** Per-request timeout; a generation takes minutes, but each request should answer quickly. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Creates the adapter. The SDK runs with `maxRetries: 0`: Temporal retries, so retries never stack. */
export function createOpenAIVideosProvider(options: OpenAIVideosOptions): VideoProvider {
  const { client, host, timeoutMs } = openAIClient(options, 60_000);
  const server = `The video service at ${host}`;
  const mapError = (error: unknown) => {
    // A prompt refused at submission (400 `moderation_blocked` and the like) is a content refusal, not a bad request.
    if (
      error instanceof APIError &&
      error.status === 400 &&
      isContentPolicy(`${error.code ?? ''} ${error.type ?? ''}`)
    ) {
      const body = error.error as { message?: string } | undefined;
      const reason = `${error.code ?? error.type}: ${body?.message ?? error.message}`;
      return new VideoRejectedError(`${server} refused the prompt: ${reason}`, {
        reason,
        cause: error,
        statusCode: 400,
      });
    }
    return providerError(error, server, timeoutMs, options.apiKey);
  };

  return {
    name: 'openai-videos',
    model: options.model,
    allowedSeconds: ALLOWED_SECONDS,
    maxClipSeconds: ALLOWED_SECONDS[ALLOWED_SECONDS.length - 1] ?? 12,
    async submit(request, { idempotencyKey, signal } = {}) {
      const seconds = String(roundUpSeconds(request.seconds, ALLOWED_SECONDS)) as '4' | '8' | '12';
      try {
        const video = await client.videos.create(
          { prompt: request.prompt, model: options.model, seconds, size: request.size },
          {
            ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
            ...(signal ? { signal } : {}),
          },
        );
        return { jobId: video.id };
      } catch (error) {
        throw mapError(error);
      }
    },
    async poll(jobId, { signal } = {}) {
      try {
        const video = await client.videos.retrieve(jobId, signal ? { signal } : {});
        const state: VideoJobState = { status: video.status, progress: video.progress };
        const seconds = Number(video.seconds);
        if (video.status === 'completed' && Number.isFinite(seconds)) state.seconds = seconds;
        if (video.status === 'failed') {
          const { code = 'unknown', message = 'no reason given' } = video.error ?? {};
          state.error = { code, message, contentPolicy: isContentPolicy(`${code} ${message}`) };
        }
        return state;
      } catch (error) {
        throw mapError(error);
      }
    },
    async download(jobId, destPath, { signal } = {}) {
      try {
        const response = await client.videos.downloadContent(jobId, { variant: 'video' }, signal ? { signal } : {});
        if (!response.body) throw new APIError(502, undefined, 'empty video content', response.headers);
        await pipeline(
          Readable.fromWeb(response.body as WebReadableStream),
          createWriteStream(destPath),
          signal ? { signal } : {},
        );
      } catch (error) {
        throw mapError(error);
      }
    },
  };
}
