// `veo` adapter: Google's Gemini API video generation (`models/{model}:predictLongRunning`, a long-running operation,
// then the file download) spoken over fetch. @google/genai 3.x refuses `generateVideos` on the Gemini API (it serves
// it on Vertex AI only), so this module speaks the REST shape the SDK used for it, with the same paths and fields.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ProviderRejectedError, ProviderUnavailableError, VideoRejectedError } from '../../shared/errors.ts';
import { isPermanentStatus, parseRetryAfter } from '../../http/retry-after.ts';
import { isContentPolicy, roundUpSeconds } from './provider.ts';
import type { VideoProvider } from './provider.ts';

/** Durations Veo 3 accepts (`durationSeconds`). */
export const ALLOWED_SECONDS = [4, 6, 8] as const;

/** Options of the `veo` adapter. */
export interface VeoOptions {
  apiKey: string;
  /** Defaults to `https://generativelanguage.googleapis.com`; the API version `v1beta` is appended. */
  baseURL?: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface Operation {
  name?: string;
  done?: boolean;
  error?: { code?: number; message?: string; status?: string };
  response?: {
    generateVideoResponse?: {
      generatedSamples?: { video?: { uri?: string } }[];
      raiMediaFilteredCount?: number;
      raiMediaFilteredReasons?: string[];
    };
  };
}

/** Creates the adapter. Job ids are operation names (`models/<model>/operations/<id>`). */
export function createVeoProvider(options: VeoOptions): VideoProvider {
  const root = `${(options.baseURL ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, '')}/v1beta`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const doFetch = options.fetch ?? fetch;
  const server = `The Gemini API at ${new URL(root).host}`;
  const durations = new Map<string, number>();

  const call = async (path: string, init: RequestInit & { signal?: AbortSignal | undefined }): Promise<Response> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(`${root}/${path}`, {
        ...init,
        signal,
        headers: { 'x-goog-api-key': options.apiKey, 'content-type': 'application/json' },
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const reason = timeout.aborted
        ? `did not answer within ${timeoutMs} ms`
        : `could not be reached: ${String(error)}`;
      throw new ProviderUnavailableError(`${server} ${reason}.`, { cause: error });
    }
    if (response.ok) return response;
    throw await httpError(response, server);
  };

  return {
    name: 'veo',
    model: options.model,
    allowedSeconds: ALLOWED_SECONDS,
    maxClipSeconds: ALLOWED_SECONDS[ALLOWED_SECONDS.length - 1] ?? 8,
    async submit(request, { signal } = {}) {
      const durationSeconds = roundUpSeconds(request.seconds, ALLOWED_SECONDS);
      const aspectRatio = request.size === '1280x720' ? '16:9' : '9:16';
      const body = {
        instances: [{ prompt: request.prompt }],
        parameters: { aspectRatio, durationSeconds, resolution: '720p', sampleCount: 1 },
      };
      const response = await call(`models/${encodeURIComponent(options.model)}:predictLongRunning`, {
        method: 'POST',
        body: JSON.stringify(body),
        signal,
      });
      const operation = (await response.json()) as Operation;
      if (!operation.name) throw new ProviderUnavailableError(`${server} answered without an operation name.`);
      durations.set(operation.name, durationSeconds);
      return { jobId: operation.name };
    },
    async poll(jobId, { signal } = {}) {
      const operation = (await (await call(jobId, { method: 'GET', signal })).json()) as Operation;
      if (!operation.done) return { status: 'in_progress' };
      if (operation.error) {
        const code = operation.error.status ?? String(operation.error.code ?? 'unknown');
        const message = operation.error.message ?? 'no reason given';
        return { status: 'failed', error: { code, message, contentPolicy: isContentPolicy(`${code} ${message}`) } };
      }
      const result = operation.response?.generateVideoResponse;
      if (!result?.generatedSamples?.[0]?.video?.uri) {
        // No sample and a filtered count: Veo's responsible-AI filter removed the video.
        const reasons = result?.raiMediaFilteredReasons ?? [];
        const filtered = (result?.raiMediaFilteredCount ?? 0) > 0 || reasons.length > 0;
        const message = reasons.join(' ') || 'the operation finished without a video';
        return {
          status: 'failed',
          error: { code: filtered ? 'rai_media_filtered' : 'no_video', message, contentPolicy: filtered },
        };
      }
      // The API reports no duration; the requested one is what is billed. After a restart it is not in memory.
      const seconds = durations.get(jobId);
      return seconds === undefined
        ? { status: 'completed', progress: 100 }
        : { status: 'completed', progress: 100, seconds };
    },
    async download(jobId, destPath, { signal } = {}) {
      const operation = (await (await call(jobId, { method: 'GET', signal })).json()) as Operation;
      const uri = operation.response?.generateVideoResponse?.generatedSamples?.[0]?.video?.uri ?? '';
      // Download through our own base URL by file name, as the SDK does, so the API key never goes to another host.
      const file = /\/files\/([a-z0-9-]+)/i.exec(uri)?.[1];
      if (!file) throw new ProviderRejectedError(`${server} gave no downloadable video for ${jobId}.`);
      const response = await call(`files/${file}:download?alt=media`, { method: 'GET', signal });
      if (!response.body) throw new ProviderUnavailableError(`${server} sent an empty video for ${jobId}.`);
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream),
        createWriteStream(destPath),
        signal ? { signal } : {},
      );
    },
  };
}

/** Maps a Gemini API error answer: 429/408/5xx retryable (with Retry-After), a safety refusal or other 4xx not. */
async function httpError(response: Response, server: string): Promise<Error> {
  const text = await response.text().catch(() => '');
  let detail: { message?: string; status?: string } = {};
  try {
    detail = ((JSON.parse(text) as { error?: typeof detail }).error ?? {}) as typeof detail;
  } catch {
    detail = { message: text.slice(0, 200) };
  }
  const statusCode = response.status;
  const reason = `${detail.status ?? statusCode}: ${detail.message ?? response.statusText}`;
  if (isPermanentStatus(statusCode)) {
    if (isContentPolicy(detail.message ?? '')) {
      return new VideoRejectedError(`${server} refused the prompt: ${reason}`, { reason, statusCode });
    }
    return new ProviderRejectedError(`${server} answered ${reason} (rejected; retrying will not help).`, {
      statusCode,
    });
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const hint = retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds} s)`;
  return new ProviderUnavailableError(`${server} answered ${reason}${hint}`, { statusCode, retryAfterSeconds });
}
