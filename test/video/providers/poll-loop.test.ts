import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIVideosProvider } from '../../../video/providers/openai-videos.ts';
import { runJob } from '../../../video/providers/poll-loop.ts';
import type {
  GenerationEntry,
  GenerationLedger,
  JobHeartbeat,
  RunJobInput,
} from '../../../video/providers/poll-loop.ts';
import { createVeoProvider } from '../../../video/providers/veo.ts';
import { ProviderUnavailableError, VideoRejectedError } from '../../../shared/errors.ts';
import { startGeminiOperationsServer } from '../../fakes/gemini-operations-server.ts';
import { startOpenAIVideosServer } from '../../fakes/openai-videos-server.ts';
import type { FakeVideosServer } from '../../fakes/openai-videos-server.ts';

/** An in-memory ledger with the database ledger's contract. */
function memoryLedger(): GenerationLedger & { entries: Map<string, GenerationEntry & { seconds?: number }> } {
  const entries = new Map<string, GenerationEntry & { seconds?: number }>();
  return {
    entries,
    get: async (key) => entries.get(key),
    recordJob: async (key, jobId) => void entries.set(key, { jobId, status: 'submitted' }),
    complete: async (key, seconds) => void entries.set(key, { ...entries.get(key), status: 'completed', seconds }),
    discardJob: async (key) => void entries.delete(key),
  };
}

const request = {
  prompt: 'A doctor explains measles vaccination.',
  seconds: 8,
  size: '1280x720',
  model: 'sora-2',
} as const;
const noSleep = () => Promise.resolve();

describe('runJob', () => {
  let fake: FakeVideosServer;
  let dir: string;
  let base: Omit<RunJobInput, 'ledger' | 'heartbeat'>;
  beforeEach(async () => {
    fake = await startOpenAIVideosServer();
    dir = await mkdtemp(join(tmpdir(), 'klartext-poll-'));
    const provider = createOpenAIVideosProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model: 'sora-2' });
    base = { provider, request, key: 'gen-abc', destPath: join(dir, 'clip.mp4'), sleep: noSleep };
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the job id before the first poll, heartbeats every poll and downloads on completion', async () => {
    fake.plan({ outcome: 'completed', polls: 3 });
    const ledger = memoryLedger();
    const beats: JobHeartbeat[] = [];
    const recordedAtFirstBeat: (string | undefined)[] = [];
    const waits: number[] = [];
    const result = await runJob({
      ...base,
      ledger,
      sleep: async (ms) => void waits.push(ms),
      heartbeat: (details) => {
        recordedAtFirstBeat.push(ledger.entries.get('gen-abc')?.jobId);
        beats.push(details);
      },
    });
    expect(result).toMatchObject({ seconds: 8, reused: false, resumed: false });
    expect(recordedAtFirstBeat[0]).toBe(result.jobId);
    expect(beats.map((b) => [b.status, b.progress])).toEqual([
      ['in_progress', 33],
      ['in_progress', 66],
      ['completed', 100],
    ]);
    expect(waits).toEqual([2000, 3000]);
    expect((await readFile(base.destPath)).equals(fake.videoBytes(result.jobId ?? ''))).toBe(true);
    expect(await readdir(dir)).toEqual(['clip.mp4']);
    expect(ledger.entries.get('gen-abc')).toMatchObject({ status: 'completed', seconds: 8 });
    expect(fake.idempotencyKeys).toEqual(['gen-abc']);
  });

  it('resumes the recorded job after a killed attempt, so exactly one job is submitted', async () => {
    fake.plan({ outcome: 'completed', polls: 4 });
    const ledger = memoryLedger();
    const kill = new AbortController();
    const first = runJob({
      ...base,
      ledger,
      signal: kill.signal,
      // The worker dies after the job is recorded and polled once.
      heartbeat: () => kill.abort(new Error('worker killed')),
    });
    await expect(first).rejects.toThrow('worker killed');
    expect(ledger.entries.get('gen-abc')?.status).toBe('submitted');

    const second = await runJob({ ...base, ledger, heartbeat: () => undefined });
    expect(second).toMatchObject({ resumed: true, reused: false, jobId: ledger.entries.get('gen-abc')?.jobId });
    expect(fake.submissions).toBe(1);
    expect((await readFile(base.destPath)).equals(fake.videoBytes(second.jobId ?? ''))).toBe(true);
  });

  it('reuses a completed entry without submitting, polling or downloading', async () => {
    const ledger = memoryLedger();
    await runJob({ ...base, ledger, heartbeat: () => undefined });
    await rm(base.destPath);
    const again = await runJob({ ...base, ledger, heartbeat: () => undefined });
    expect(again).toEqual({ reused: true, resumed: false });
    expect(fake.submissions).toBe(1);
  });

  it('throws a VideoRejectedError with the provider’s reason for a content-policy failure, keeping the job', async () => {
    fake.plan({ outcome: 'failed', code: 'moderation_blocked', message: 'Depicts a real person.', polls: 1 });
    const ledger = memoryLedger();
    const error = await runJob({ ...base, ledger, heartbeat: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoRejectedError);
    expect((error as VideoRejectedError).reason).toBe('moderation_blocked: Depicts a real person.');
    expect(ledger.entries.get('gen-abc')?.status).toBe('submitted');
  });

  it('discards a job that failed for another reason, so the retry submits a fresh one', async () => {
    fake.plan({ outcome: 'failed', code: 'internal_error', message: 'GPU fault.', polls: 1 });
    const ledger = memoryLedger();
    await expect(runJob({ ...base, ledger, heartbeat: () => undefined })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect(ledger.entries.has('gen-abc')).toBe(false);
    const retry = await runJob({ ...base, ledger, heartbeat: () => undefined });
    expect(retry).toMatchObject({ resumed: false, reused: false });
    expect(fake.submissions).toBe(2);
  });

  it('leaves no job id behind when the submission itself is refused', async () => {
    fake.failNext('create', { status: 429, message: 'Rate limit reached.', headers: { 'retry-after': '5' } });
    const ledger = memoryLedger();
    const error = await runJob({ ...base, ledger, heartbeat: () => undefined }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProviderUnavailableError', retryAfterSeconds: 5 });
    expect(ledger.entries.size).toBe(0);
  });
});

describe('runJob with veo', () => {
  it('resumes a recorded operation after a killed attempt, so exactly one operation is started', async () => {
    const fake = await startGeminiOperationsServer();
    const dir = await mkdtemp(join(tmpdir(), 'klartext-poll-veo-'));
    try {
      fake.plan({ outcome: 'completed', polls: 3 });
      const model = 'veo-3.1-generate-preview';
      const input = {
        request: { ...request, model },
        key: 'gen-veo',
        destPath: join(dir, 'clip.mp4'),
        sleep: noSleep,
        ledger: memoryLedger(),
      };
      const kill = new AbortController();
      const killed = createVeoProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model });
      await expect(
        runJob({ ...input, provider: killed, signal: kill.signal, heartbeat: () => kill.abort(new Error('killed')) }),
      ).rejects.toThrow('killed');
      // A new process: a fresh adapter with nothing in memory.
      const restarted = createVeoProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model });
      const result = await runJob({ ...input, provider: restarted, heartbeat: () => undefined });
      expect(result).toMatchObject({ resumed: true, seconds: 8 });
      expect(fake.submissions).toBe(1);
      expect((await readFile(input.destPath)).equals(fake.videoBytes(result.jobId ?? ''))).toBe(true);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
