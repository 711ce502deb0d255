import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIVideosProvider } from '../../../video/providers/openai-videos.ts';
import type { VideoProvider } from '../../../video/providers/provider.ts';
import {
  NON_RETRYABLE_ERRORS,
  ProviderRejectedError,
  ProviderUnavailableError,
  VideoRejectedError,
} from '../../../shared/errors.ts';
import { startOpenAIVideosServer } from '../../fakes/openai-videos-server.ts';
import type { FakeVideosServer } from '../../fakes/openai-videos-server.ts';

const request = {
  prompt: 'A calm nurse explains the flu vaccine.',
  seconds: 8,
  size: '1280x720',
  model: 'sora-2',
} as const;

describe('openai-videos provider', () => {
  let fake: FakeVideosServer;
  let provider: VideoProvider;
  let dir: string;
  beforeEach(async () => {
    fake = await startOpenAIVideosServer();
    provider = createOpenAIVideosProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model: 'sora-2' });
    dir = await mkdtemp(join(tmpdir(), 'klartext-videos-'));
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('submits, polls queued → in_progress → completed and downloads the bytes', async () => {
    fake.plan({ outcome: 'completed', polls: 3 });
    const { jobId } = await provider.submit({ ...request, seconds: 6 }, { idempotencyKey: 'gen-1' });
    expect(fake.requests[0]).toMatchObject({ prompt: request.prompt, model: 'sora-2', seconds: '8', size: '1280x720' });
    expect(fake.idempotencyKeys).toEqual(['gen-1']);
    expect(await provider.poll(jobId)).toMatchObject({ status: 'in_progress', progress: 33 });
    expect(await provider.poll(jobId)).toMatchObject({ status: 'in_progress', progress: 66 });
    expect(await provider.poll(jobId)).toEqual({ status: 'completed', progress: 100, seconds: 8 });
    await provider.download(jobId, join(dir, 'clip.mp4'));
    expect((await readFile(join(dir, 'clip.mp4'))).equals(fake.videoBytes(jobId))).toBe(true);
    expect(fake.submissions).toBe(1);
  });

  it('reports a failed job with the provider’s code and message', async () => {
    fake.plan({ outcome: 'failed', code: 'internal_error', message: 'Generation failed.', polls: 1 });
    const { jobId } = await provider.submit(request);
    expect(await provider.poll(jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'internal_error', message: 'Generation failed.', contentPolicy: false },
    });
  });

  it('marks a moderation failure as a content-policy refusal', async () => {
    fake.plan({
      outcome: 'failed',
      code: 'moderation_blocked',
      message: 'The prompt violates our policies.',
      polls: 1,
    });
    const { jobId } = await provider.submit(request);
    const state = await provider.poll(jobId);
    expect(state.error).toEqual({
      code: 'moderation_blocked',
      message: 'The prompt violates our policies.',
      contentPolicy: true,
    });
  });

  it('throws a non-retryable VideoRejectedError with the reason when the prompt is refused at submission', async () => {
    fake.failNext('create', {
      status: 400,
      code: 'moderation_blocked',
      message: 'Your request was blocked by moderation.',
    });
    const error = await provider.submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoRejectedError);
    expect((error as VideoRejectedError).reason).toContain('Your request was blocked by moderation.');
    expect(NON_RETRYABLE_ERRORS).toContain('VideoRejectedError');
    expect(fake.submissions).toBe(0);
  });

  it('throws a non-retryable ProviderRejectedError for an invalid request', async () => {
    fake.failNext('create', { status: 400, code: 'invalid_value', message: 'Invalid size.' });
    await expect(provider.submit(request)).rejects.toBeInstanceOf(ProviderRejectedError);
  });

  it('throws a retryable error carrying Retry-After on 429', async () => {
    fake.failNext('create', { status: 429, message: 'Rate limit reached.', headers: { 'retry-after': '17' } });
    const error = await provider.submit(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterSeconds: 17 });
  });

  it('throws a retryable error on 5xx while polling and downloading', async () => {
    fake.plan({ outcome: 'completed', polls: 1 });
    const { jobId } = await provider.submit(request);
    fake.failNext('retrieve', { status: 500, message: 'The server had an error.' });
    await expect(provider.poll(jobId)).rejects.toMatchObject({ name: 'ProviderUnavailableError', statusCode: 500 });
    expect((await provider.poll(jobId)).status).toBe('completed');
    fake.failNext('content', { status: 503, message: 'Overloaded.' });
    await expect(provider.download(jobId, join(dir, 'clip.mp4'))).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});
