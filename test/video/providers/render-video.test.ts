// renderVideo and writeManifest with the openai-videos provider against the fake /v1/videos server, on the real
// database: ledger, budget, retries without paying twice, footage post-production checked with ffprobe.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadOrCreateSigningKey } from '../../../video/provenance/keys.ts';
import { verifyVideo, type SignedManifest } from '../../../video/provenance/manifest.ts';
import { probe, resolveFfmpeg, runFfmpeg } from '../../../video/render/ffmpeg.ts';
import { planClips } from '../../../video/providers/generate-clips.ts';
import { createOpenAIVideosProvider } from '../../../video/providers/openai-videos.ts';
import { createVideoActivities } from '../../../activities/videos.ts';
import { createCampaign } from '../../../db/campaign-repo.ts';
import { budgetUsage } from '../../../db/generation-repo.ts';
import { createPool } from '../../../db/pool.ts';
import { saveScriptVersion } from '../../../db/script-repo.ts';
import { recordSignature } from '../../../db/signature-repo.ts';
import { BudgetExceededError, ProviderUnavailableError, VideoRejectedError } from '../../../shared/errors.ts';
import type { CampaignBrief, Claim } from '../../../shared/types.ts';
import { startOpenAIVideosServer, type FakeVideosServer } from '../../fakes/openai-videos-server.ts';
import { branding, twoSceneScript } from '../render/script-fixture.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 4);
const { ffmpeg, ffprobe } = resolveFfmpeg();
const source = { title: 'Impfempfehlungen', publisher: 'STIKO', url: 'https://www.rki.de/stiko', date: '2026-01-15' };
const claims: Claim[] = ['flu-efficacy', 'flu-free-60'].map((id) => ({
  id,
  text: { de: id },
  topics: ['safety'],
  source,
  status: 'active',
}));
let fake: FakeVideosServer;
let outDir: string;
let activities: ReturnType<typeof createVideoActivities>;

/** A campaign with the two-scene script signed off; returns the ids renderVideo needs. */
async function signedScript(budgetSeconds?: number) {
  const campaignId = `video-${randomBytes(4).toString('hex')}`;
  const brief: CampaignBrief = {
    name: 'video-test',
    title: 'Video test',
    agency: 'Test agency',
    topic: 'Seasonal flu vaccination in autumn',
    callToAction: { de: 'Fragen Sie Ihre Hausarztpraxis.' },
    branding,
    video: { width: 1280, height: 720, ...(budgetSeconds ? { budgetSeconds } : {}) },
    review: { approvalsRequired: 1 },
    channels: [],
    segmentsFile: '/x/segments.csv',
    claimsFile: '/x/claims.yaml',
  };
  const segment = { id: 'seniors', label: 'Seniors', language: 'de', readingLevel: 'plain', size: 40 } as const;
  await createCampaign(pool, { id: campaignId, brief, segments: [{ ...segment, concerns: [], tags: [] }], claims });
  const input = { campaignId, segmentId: segment.id, script: twoSceneScript(), provider: 'local', templateHash: 't' };
  const scriptSha256 = await saveScriptVersion(pool, input);
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  await recordSignature(pool, {
    campaignId,
    segmentId: segment.id,
    round: 1,
    reviewerId: 'dr-a',
    reviewerName: 'Dr. A',
    role: 'medical_reviewer',
    meaning: 'approved',
    scriptSha256,
    claimSetSha256: sha('claims'),
    contentSha256: sha('content'),
    signedAt: new Date().toISOString(),
  });
  return { campaignId, segmentId: segment.id, scriptSha256 };
}

const run = <T>(fn: () => Promise<T>): Promise<T> => new MockActivityEnvironment().run(fn);

beforeAll(async () => {
  fake = await startOpenAIVideosServer();
  outDir = await mkdtemp(join(inject('tmpRoot'), 'video-provider-'));
  const provider = createOpenAIVideosProvider({ apiKey: fake.apiKey, baseURL: fake.baseURL, model: 'sora-2' });
  activities = createVideoActivities({
    pool,
    outDir,
    publicBaseUrl: 'http://127.0.0.1',
    allowHttpLoopback: true,
    scriptProvider: undefined as never,
    signingKey: await loadOrCreateSigningKey({ dataDir: outDir }),
    videoProvider: provider,
  } as Parameters<typeof createVideoActivities>[0]);
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  await pool.end();
});

describe('renderVideo with openai-videos', () => {
  it('generates one clip per scene, resumes after a 5xx without a second job and post-produces a labelled MP4', async () => {
    const ids = await signedScript();
    const before = fake.submissions;
    fake.plan({ outcome: 'completed', polls: 2 }, { outcome: 'completed', polls: 2 });
    fake.failNext('retrieve', { status: 503, message: 'The server is overloaded.' });
    const first = await run(() => activities.renderVideo(ids)).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ProviderUnavailableError);
    const rendered = await run(() => activities.renderVideo(ids));
    expect(fake.submissions - before).toBe(2);
    expect(fake.requests.slice(-2).map((r) => [r.seconds, r.size, r.model])).toEqual([
      ['4', '1280x720', 'sora-2'],
      ['4', '1280x720', 'sora-2'],
    ]);
    const prompt = String(fake.requests.at(-1)?.prompt);
    expect(prompt).toContain('Календар з позначкою.');
    expect(prompt).toContain('Seasonal flu vaccination');
    expect(prompt).toMatch(/Do not show any text/);
    expect(await budgetUsage(pool, ids.campaignId)).toEqual({ reservedSeconds: 0, spentSeconds: 8 });

    const videoPath = join(outDir, ids.campaignId, ids.segmentId, 'video.mp4');
    const info = await probe(ffprobe, videoPath);
    expect(info).toMatchObject({ width: 1280, height: 720, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(info.durationSeconds - rendered.durationSeconds)).toBeLessThanOrEqual(
      rendered.durationSeconds * 0.1,
    );
    const tags = JSON.parse(
      await runFfmpeg(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', videoPath]),
    ) as { format: { tags: Record<string, string> } };
    expect(tags.format.tags).toMatchObject({
      generator: 'openai-videos/sora-2',
      digital_source_type: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    // A frame to look at: the label must be legible over the footage.
    await runFfmpeg(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-ss',
      '3',
      '-i',
      videoPath,
      '-frames:v',
      '1',
      join(outDir, 'f.png'),
    ]);

    const again = await run(() => activities.renderVideo(ids));
    expect(again).toEqual(rendered);
    expect(fake.submissions - before).toBe(2);

    const { path } = await run(() => activities.writeManifest({ ...ids, ...rendered, approvals: [] }));
    const manifest = JSON.parse(await readFile(path, 'utf8')) as SignedManifest;
    expect(manifest.generator).toMatchObject({
      renderer: 'footage',
      videoProvider: 'openai-videos',
      videoModel: 'sora-2',
      scriptProvider: 'local',
    });
    expect(Object.keys(manifest.files ?? {}).sort()).toEqual([
      'captions.vtt',
      'descriptions.vtt',
      'transcript.html',
      'transcript.txt',
    ]);
    const captions = await readFile(join(outDir, ids.campaignId, ids.segmentId, 'captions.vtt'));
    expect(manifest.files?.['captions.vtt']?.sha256).toBe(createHash('sha256').update(captions).digest('hex'));
    const key = await loadOrCreateSigningKey({ dataDir: outDir });
    expect(await verifyVideo({ videoBytesOrPath: videoPath, manifest, publicKey: key.publicKey })).toMatchObject({
      ok: true,
    });
  }, 180_000);

  it('surfaces a content-policy refusal as non-retryable with the provider’s reason and releases the budget', async () => {
    const ids = await signedScript(60);
    fake.plan(
      { outcome: 'failed', code: 'moderation_blocked', message: 'The prompt violates our policies.', polls: 1 },
      { outcome: 'completed', polls: 50 },
    );
    const error = await run(() => activities.renderVideo(ids)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VideoRejectedError);
    expect((error as VideoRejectedError).reason).toBe('moderation_blocked: The prompt violates our policies.');
    // The refused scene holds nothing; the other scene's job stays recorded, to be resumed rather than paid again.
    expect(await budgetUsage(pool, ids.campaignId)).toMatchObject({ reservedSeconds: 4, spentSeconds: 0 });
  });

  it('retries a 429 at submission with the same reservation', async () => {
    const ids = await signedScript(8);
    fake.failNext('create', { status: 429, message: 'Rate limit reached.', headers: { 'retry-after': '7' } });
    const error = await run(() => activities.renderVideo({ ...ids, attempt: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as ProviderUnavailableError).retryAfterSeconds).toBe(7);
    expect(await budgetUsage(pool, ids.campaignId)).toMatchObject({ reservedSeconds: 8 });
  });

  it('refuses before submitting anything when the budget is too small', async () => {
    const ids = await signedScript(6);
    const before = fake.submissions;
    const error = await run(() => activities.renderVideo(ids)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as Error).message).toContain('budget of 6 s');
    expect(fake.submissions).toBe(before);
    expect(await budgetUsage(pool, ids.campaignId)).toMatchObject({ reservedSeconds: 0, spentSeconds: 0 });
  });
});

describe('planClips', () => {
  const provider = createOpenAIVideosProvider({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', model: 'sora-2' });
  const base = {
    campaignId: 'c',
    segmentId: 's',
    script: twoSceneScript(),
    scriptSha256: 'a'.repeat(64),
    provider,
    topic: 'Flu vaccination',
    width: 720,
    height: 1280,
  };

  it('rounds scene durations up to allowed seconds, clipped at the longest clip, in the campaign orientation', () => {
    const script = twoSceneScript();
    script.scenes[1]!.durationSeconds = 30;
    const plans = planClips({ ...base, script });
    expect(plans.map((p) => [p.request.seconds, p.request.size])).toEqual([
      [4, '720x1280'],
      [12, '720x1280'],
    ]);
  });

  it('makes new keys for a re-render and puts reviewer notes into the prompts', () => {
    const first = planClips(base).map((p) => p.key);
    expect(planClips({ ...base, attempt: 1 }).map((p) => p.key)).toEqual(first);
    const again = planClips({ ...base, attempt: 2, notes: ['Show an older man, not a woman.'] });
    expect(again.every((p, i) => p.key !== first[i])).toBe(true);
    expect(again[0]?.request.prompt).toContain('Reviewer notes: Show an older man, not a woman.');
    expect(planClips({ ...base, segmentId: 'other' })[0]?.key).not.toBe(first[0]);
  });
});
