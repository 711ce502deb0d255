import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VideoProvider } from '../../../video/providers/provider.ts';
import { createVeoProvider } from '../../../video/providers/veo.ts';
import { ProviderRejectedError, ProviderUnavailableError, VideoRejectedError } from '../../../shared/errors.ts';
import { startGeminiOperationsServer } from '../../fakes/gemini-operations-server.ts';
import type { FakeGeminiServer } from '../../fakes/gemini-operations-server.ts';

const model = 'veo-3.1-generate-preview';
const request = { prompt: 'A pharmacist explains the flu vaccine.', seconds: 5, size: '720x1280', model } as const;

describe('veo provider', () => {
  let fake: FakeGeminiServer;
  let provider: VideoProvider;
  let dir: string;
  beforeEach(async () => {
    fake = await startGeminiOperationsServer();
    provider = createVeoProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model });
    dir = await mkdtemp(join(tmpdir(), 'klartext-veo-'));
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('submits a long-running operation, polls it until done and downloads the bytes', async () => {
    fake.plan({ outcome: 'completed', polls: 2 });
    const { jobId } = await provider.submit(request);
    expect(jobId).toMatch(new RegExp(`^models/${model}/operations/`));
    expect(fake.requests[0]).toEqual({
      instances: [{ prompt: request.prompt }],
      parameters: { aspectRatio: '9:16', durationSeconds: 6, resolution: '720p', sampleCount: 1 },
    });
    expect(await provider.poll(jobId)).toEqual({ status: 'in_progress' });
    expect(await provider.poll(jobId)).toEqual({ status: 'completed', progress: 100, seconds: 6 });
    await provider.download(jobId, join(dir, 'clip.mp4'));
    expect((await readFile(join(dir, 'clip.mp4'))).equals(fake.videoBytes(jobId))).toBe(true);
    expect(fake.submissions).toBe(1);
  });

  it('reports a failed operation with its status and message', async () => {
    fake.plan({ outcome: 'error', code: 500, status: 'INTERNAL', message: 'Video generation failed.', polls: 1 });
    const { jobId } = await provider.submit(request);
    expect(await provider.poll(jobId)).toEqual({
      status: 'failed',
      error: { code: 'INTERNAL', message: 'Video generation failed.', contentPolicy: false },
    });
  });

  it('reports a responsible-AI filtered video as a content-policy refusal with the reasons', async () => {
    const reason = 'Your prompt may contain sensitive content that violates our usage guidelines.';
    fake.plan({ outcome: 'filtered', reasons: [reason], polls: 1 });
    const { jobId } = await provider.submit(request);
    expect(await provider.poll(jobId)).toEqual({
      status: 'failed',
      error: { code: 'rai_media_filtered', message: reason, contentPolicy: true },
    });
  });

  it('throws a VideoRejectedError with the reason when the prompt is refused at submission', async () => {
    const message = 'The prompt could not be submitted: it violates our safety policy.';
    fake.failNext('predict', { code: 400, status: 'INVALID_ARGUMENT', message });
    const error = await provider.submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoRejectedError);
    expect((error as VideoRejectedError).reason).toContain(message);
  });

  it('throws a non-retryable ProviderRejectedError for an invalid request', async () => {
    fake.failNext('predict', { code: 400, status: 'INVALID_ARGUMENT', message: 'Model not found.' });
    await expect(provider.submit(request)).rejects.toBeInstanceOf(ProviderRejectedError);
  });

  it('throws a retryable error carrying Retry-After on 429', async () => {
    fake.failNext('predict', {
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: 'Quota exceeded.',
      headers: { 'retry-after': '30' },
    });
    const error = await provider.submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterSeconds: 30 });
    expect(fake.submissions).toBe(0);
  });

  it('throws a retryable error on 5xx while polling and downloading', async () => {
    fake.plan({ outcome: 'completed', polls: 1 });
    const { jobId } = await provider.submit(request);
    fake.failNext('operation', { code: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
    await expect(provider.poll(jobId)).rejects.toMatchObject({ name: 'ProviderUnavailableError', statusCode: 503 });
    expect((await provider.poll(jobId)).status).toBe('completed');
    fake.failNext('download', { code: 500, status: 'INTERNAL', message: 'Internal error.' });
    await expect(provider.download(jobId, join(dir, 'clip.mp4'))).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('never sends the API key to the host named in the video uri', async () => {
    fake.plan({ outcome: 'completed', polls: 1 });
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(new URL(String(input)).host);
      return fetch(input, init);
    };
    const spied = createVeoProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model, fetch: spy });
    const { jobId } = await spied.submit(request);
    await spied.poll(jobId);
    await spied.download(jobId, join(dir, 'clip.mp4'));
    expect(new Set(seen)).toEqual(new Set([new URL(fake.baseURL).host]));
  });
});
