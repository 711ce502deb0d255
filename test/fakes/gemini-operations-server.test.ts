// The fake Gemini API checked against the published client: Google's own SDK (`@google/genai`) drives it end to end,
// so every answer the veo adapter is tested against parses the way the SDK parses the real API's answers.
// 2.x is the last SDK line whose Gemini API client still implements `models.generateVideos` (3.x serves it on Vertex
// AI only), and its request and response converters for the Gemini API are what this test holds the fake to.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, GenerateVideosOperation, GoogleGenAI } from '@google/genai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVeoProvider } from '../../video/providers/veo.ts';
import { startGeminiOperationsServer } from './gemini-operations-server.ts';
import type { FakeGeminiServer } from './gemini-operations-server.ts';

const model = 'veo-3.1-generate-preview';
const prompt = 'A pharmacist explains a vaccination appointment.';

describe('fake Gemini operations server, driven by @google/genai', () => {
  let fake: FakeGeminiServer;
  let ai: GoogleGenAI;
  let dir: string;
  beforeEach(async () => {
    fake = await startGeminiOperationsServer();
    ai = new GoogleGenAI({ apiKey: fake.apiKey, httpOptions: { baseUrl: fake.baseURL } });
    dir = await mkdtemp(join(tmpdir(), 'klartext-genai-'));
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const generate = () =>
    ai.models.generateVideos({
      model,
      source: { prompt },
      config: { aspectRatio: '9:16', durationSeconds: 6, resolution: '720p', numberOfVideos: 1 },
    });

  /** Polls with the SDK until done; returns the operation and how many polls it took. */
  const pollUntilDone = async (start: GenerateVideosOperation) => {
    let operation = start;
    let polls = 0;
    while (!operation.done) {
      operation = await ai.operations.getVideosOperation({ operation });
      polls += 1;
      if (polls > 10) throw new Error('the operation never finished');
    }
    return { operation, polls };
  };

  it('accepts the SDK request, answers operations the SDK parses, and serves the video the SDK downloads', async () => {
    fake.plan({ outcome: 'completed', polls: 3 });
    const started = await generate();
    expect(started.name).toMatch(new RegExp(`^models/${model}/operations/[a-z0-9]+$`));
    expect(started.done).toBeUndefined();
    expect(fake.requests).toEqual([
      {
        instances: [{ prompt }],
        parameters: { aspectRatio: '9:16', durationSeconds: 6, resolution: '720p', sampleCount: 1 },
      },
    ]);

    const inProgress = await ai.operations.getVideosOperation({ operation: started });
    expect(inProgress.name).toBe(started.name);
    expect(inProgress.done).toBeUndefined();
    expect(inProgress.response).toBeUndefined();

    const { operation, polls } = await pollUntilDone(inProgress);
    expect(polls).toBe(2);
    expect(operation.name).toBe(started.name);
    expect(operation.done).toBe(true);
    expect(operation.error).toBeUndefined();
    const video = operation.response?.generatedVideos?.[0]?.video;
    expect(operation.response?.generatedVideos).toHaveLength(1);
    expect(video?.uri).toMatch(/\/files\/[a-z0-9]+:download\?alt=media$/);

    const path = join(dir, 'sdk.mp4');
    await ai.files.download({ file: operation.response!.generatedVideos![0]!, downloadPath: path });
    expect((await readFile(path)).equals(fake.videoBytes(started.name!))).toBe(true);
    expect(fake.submissions).toBe(1);
  });

  it('answers a failed operation with an error the SDK reports as such', async () => {
    fake.plan({ outcome: 'error', code: 13, status: 'INTERNAL', message: 'Video generation failed.', polls: 1 });
    const { operation } = await pollUntilDone(await generate());
    expect(operation.done).toBe(true);
    expect(operation.error).toEqual({ code: 13, status: 'INTERNAL', message: 'Video generation failed.' });
    expect(operation.response).toBeUndefined();
  });

  it('answers a filtered video with the counts and reasons the SDK reads', async () => {
    const reason = 'The video was filtered by the responsible AI policy.';
    fake.plan({ outcome: 'filtered', reasons: [reason], polls: 1 });
    const { operation } = await pollUntilDone(await generate());
    expect(operation.done).toBe(true);
    expect(operation.response).toEqual({ raiMediaFilteredCount: 1, raiMediaFilteredReasons: [reason] });
  });

  it('answers a refused request with the error body the SDK raises as ApiError', async () => {
    fake.failNext('predict', { code: 400, status: 'INVALID_ARGUMENT', message: 'The prompt was refused.' });
    const error: unknown = await generate().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(JSON.parse((error as ApiError).message)).toEqual({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: 'The prompt was refused.' },
    });
    expect(fake.submissions).toBe(0);
  });

  it('receives from the veo adapter the same request the SDK sends, and both read the same video', async () => {
    fake.plan({ outcome: 'completed', polls: 1 }, { outcome: 'completed', polls: 1 });
    await pollUntilDone(await generate());
    const provider = createVeoProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model });
    const { jobId } = await provider.submit({ prompt, seconds: 6, size: '720x1280', model });
    expect(fake.requests[1]).toEqual(fake.requests[0]);
    expect(await provider.poll(jobId)).toEqual({ status: 'completed', progress: 100, seconds: 6 });

    // The adapter's job id is the operation name; the SDK reads the same operation the adapter polled.
    const seen = await ai.operations.getVideosOperation({
      operation: Object.assign(new GenerateVideosOperation(), { name: jobId }),
    });
    expect(seen.done).toBe(true);
    const sdkPath = join(dir, 'sdk.mp4');
    const adapterPath = join(dir, 'adapter.mp4');
    await ai.files.download({ file: seen.response!.generatedVideos![0]!, downloadPath: sdkPath });
    await provider.download(jobId, adapterPath);
    expect((await readFile(adapterPath)).equals(await readFile(sdkPath))).toBe(true);
    expect((await readFile(adapterPath)).equals(fake.videoBytes(jobId))).toBe(true);
  });
});
