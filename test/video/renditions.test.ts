// Renditions: renderVideo makes every format the campaign and its channels take, each with its own Content
// Credentials; the signed manifest lists them, the provenance lookup and the video check find them by their hash.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readWithC2paPython, resolveC2paReader } from '../../dev/c2pa-reader.ts';
import { createVideoActivities } from '../../activities/videos.ts';
import { deliveryData } from '../../activities/delivery-payload.ts';
import { createCampaign, getSegment } from '../../db/campaign-repo.ts';
import { linkCampaignChannels, upsertChannel } from '../../db/channel-repo.ts';
import { createPool } from '../../db/pool.ts';
import { getProvenance } from '../../db/provenance-repo.ts';
import { saveScriptVersion } from '../../db/script-repo.ts';
import { recordSignature } from '../../db/signature-repo.ts';
import { findVideo, videoPathsBySha256 } from '../../db/video-repo.ts';
import { manifestFileFor } from '../../shared/manifest.ts';
import { renditionSpec } from '../../shared/renditions.ts';
import type { CampaignBrief, Claim } from '../../shared/types.ts';
import { loadOrCreateC2paCredentials } from '../../video/provenance/c2pa-cert.ts';
import { readContentCredentials } from '../../video/provenance/c2pa.ts';
import { loadOrCreateSigningKey } from '../../video/provenance/keys.ts';
import { verifyManifest, type SignedManifest } from '../../video/provenance/manifest.ts';
import { probe, resolveFfmpeg } from '../../video/render/ffmpeg.ts';
import { createTts } from '../../video/render/tts.ts';
import { createLocalAssetStore } from '../../storage/local-store.ts';
import { checkFingerprint } from '../../web/routes/check-data.ts';
import { branding, twoSceneScript } from './render/script-fixture.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
let outDir: string;
let activities: ReturnType<typeof createVideoActivities>;
let signingKey: Awaited<ReturnType<typeof loadOrCreateSigningKey>>;
const run = <T>(fn: () => Promise<T>): Promise<T> => new MockActivityEnvironment().run(fn);
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  outDir = await mkdtemp(join(inject('tmpRoot'), 'renditions-'));
  signingKey = await loadOrCreateSigningKey({ dataDir: outDir });
  activities = createVideoActivities({
    pool,
    outDir,
    publicBaseUrl: 'https://videos.example.org/',
    allowHttpLoopback: true,
    scriptProvider: undefined as never,
    signingKey,
    tts: createTts({ mode: 'silent' }),
    contentCredentials: await loadOrCreateC2paCredentials({ dataDir: outDir }),
  });
});
afterAll(() => pool.end());

/** A signed-off script of a one-segment campaign whose brief asks for `renditions`, linked to `channels`. */
async function signedScript(renditions: CampaignBrief['video']['renditions'], channelRenditions: string[][]) {
  const campaignId = `rend-${randomBytes(4).toString('hex')}`;
  const brief = {
    name: 'renditions-test',
    title: 'Renditions test',
    agency: 'Test agency',
    topic: 'A test topic',
    callToAction: { de: 'Fragen Sie nach.' },
    branding,
    video: { width: 640, height: 360, ...(renditions ? { renditions } : {}) },
    review: { approvalsRequired: 1 },
    channels: [],
    segmentsFile: '/x/segments.csv',
    claimsFile: '/x/claims.yaml',
  } as unknown as CampaignBrief;
  const segment = { id: 'all', label: 'All', language: 'de', readingLevel: 'plain', size: 40 } as const;
  const source = { title: 'Source', publisher: 'Publisher', url: 'https://example.org/source', date: '2026-01-15' };
  const claims: Claim[] = ['flu-efficacy', 'flu-free-60'].map((id) => ({
    id,
    text: { de: id },
    topics: ['safety'],
    source,
    status: 'active',
  }));
  await createCampaign(pool, { id: campaignId, brief, segments: [{ ...segment, concerns: [], tags: [] }], claims });
  const channelIds: string[] = [];
  for (const [i, taken] of channelRenditions.entries()) {
    const id = `${campaignId}-feed-${i}`;
    await upsertChannel(pool, undefined, { id, kind: 'feed', renditions: taken as never });
    channelIds.push(id);
  }
  await linkCampaignChannels(pool, campaignId, channelIds);
  const scriptSha256 = await saveScriptVersion(pool, {
    campaignId,
    segmentId: segment.id,
    script: twoSceneScript(),
    provider: 'openai',
    templateHash: 't',
  });
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

describe('renditions', () => {
  it('sizes every format from the main video’s shorter side, and knows which one is the main video', () => {
    expect(renditionSpec('portrait', { width: 1280, height: 720 })).toMatchObject({ width: 720, height: 1280 });
    expect(renditionSpec('square-open-captions', { width: 1280, height: 720 })).toEqual({
      id: 'square-open-captions',
      format: 'square',
      openCaptions: true,
      width: 720,
      height: 720,
    });
    expect(renditionSpec('landscape', { width: 1080, height: 1920 })).toMatchObject({ width: 1920, height: 1080 });
  });

  it('renders the campaign’s and its channels’ renditions once each, with Content Credentials, and signs them all', async () => {
    const { campaignId, segmentId, scriptSha256 } = await signedScript(
      ['portrait-open-captions', 'landscape'],
      [['square'], ['square', 'portrait-open-captions']],
    );
    const rendered = await run(() => activities.renderVideo({ campaignId, segmentId, scriptSha256 }));
    const video = (await findVideo(pool, rendered.generationKey))!;
    // In the order of RENDITION_IDS; the landscape rendition of a 640×360 campaign is the main video itself.
    expect(video.renditions?.map((r) => [r.id, r.width, r.height, r.openCaptions, r.file])).toEqual([
      ['landscape', 640, 360, false, 'video.mp4'],
      ['portrait-open-captions', 360, 640, true, 'video-portrait-open-captions.mp4'],
      ['square', 360, 360, false, 'video-square.mp4'],
    ]);
    const landscape = video.renditions![0]!;
    expect(landscape).toMatchObject({ sha256: rendered.videoSha256, path: video.videoPath });

    const { ffprobe } = resolveFfmpeg();
    const python = resolveC2paReader({ cacheDir: resolve('.cache'), install: true, log: () => {} });
    expect(python, 'c2pa-python in .cache/temporal-venv (see dev/c2pa-reader.ts)').toBeDefined();
    for (const r of video.renditions!.slice(1)) {
      const bytes = await readFile(r.path);
      expect(sha(bytes), r.id).toBe(r.sha256);
      expect(bytes.length).toBe(r.sizeBytes);
      const probed = await probe(ffprobe, r.path);
      expect([probed.width, probed.height]).toEqual([r.width, r.height]);
      // Every rendition is as long as the main video: one narration, one timeline.
      expect(Math.abs(probed.durationSeconds - video.durationSeconds)).toBeLessThan(0.2);
      expect(await readContentCredentials(bytes)).toMatchObject({ present: true, valid: true, aiGenerated: true });
      const read = readWithC2paPython(python as string, r.path);
      if ('error' in read) throw new Error(read.error);
      expect((JSON.parse(read.json) as { validation_state: string }).validation_state, r.id).toBe('Valid');
    }

    const written = await run(() =>
      activities.writeManifest({ campaignId, segmentId, generationKey: rendered.generationKey, approvals: [] }),
    );
    const manifest = JSON.parse(await readFile(written.path, 'utf8')) as SignedManifest;
    expect(verifyManifest(manifest, signingKey.publicKey)).toEqual({ ok: true });
    expect(manifest.renditions).toEqual(video.renditions!.map(({ path: _path, ...r }) => r));

    // The portrait file is found by its own hash: the main video's signed record speaks for it.
    const portrait = video.renditions![1]!;
    expect(manifestFileFor(manifest, portrait.sha256)?.rendition?.id).toBe('portrait-open-captions');
    expect(manifestFileFor(manifest, sha('another file'))).toBeUndefined();
    const record = await getProvenance(pool, portrait.sha256);
    expect(record).toMatchObject({ videoSha256: rendered.videoSha256, campaignId, segmentId, status: 'endorsed' });
    expect(await videoPathsBySha256(pool, campaignId, segmentId, portrait.sha256)).toEqual([portrait.path]);
    const checked = await checkFingerprint(pool, signingKey.publicKey, portrait.sha256, createLocalAssetStore(outDir));
    expect(checked).toMatchObject({
      kind: 'genuine',
      status: 'endorsed',
      rendition: { id: 'portrait-open-captions', format: 'portrait', width: 360, height: 640, openCaptions: true },
      contentCredentials: { present: true, valid: true, aiGenerated: true },
    });
    // A manifest signed by another key does not vouch for the rendition either.
    const other = generateKeyPairSync('ed25519').publicKey;
    expect((await checkFingerprint(pool, other, portrait.sha256, createLocalAssetStore(outDir))).kind).toBe('invalid');

    // Each channel's payload links the renditions it takes; a folder channel gets their files.
    const segment = (await getSegment(pool, campaignId, segmentId))!;
    const payload = (renditions: string[], channelKind = 'webhook') =>
      deliveryData({
        eventType: 'video.approved',
        campaignId,
        segment,
        video,
        channelKind,
        outDir,
        publicBaseUrl: 'https://videos.example.org',
        renditions: renditions as never,
      });
    const square = payload(['square', 'landscape-open-captions']);
    expect(Object.keys(square.renditions as object)).toEqual(['square']);
    expect((square.renditions as Record<string, unknown>).square).toEqual({
      url: `https://videos.example.org/assets/${campaignId}/${segmentId}/video-square.mp4`,
      sha256: video.renditions![2]!.sha256,
      width: 360,
      height: 360,
      openCaptions: false,
    });
    // Asked for after the video was rendered: named, so the receiver knows why it is missing.
    expect(square.renditionsMissing).toEqual(['landscape-open-captions']);
    expect(payload([])).not.toHaveProperty('renditions');
    const folder = payload(['portrait-open-captions'], 'folder').files as Record<string, string>;
    expect(Object.keys(folder)).toContain('video-portrait-open-captions.mp4');
    expect(Object.keys(folder)).not.toContain('video-square.mp4');
    expect(folder['video-portrait-open-captions.mp4']).toBe(portrait.path);
  }, 180_000);

  it('renders no extra file when nothing asks for one, and the generation key says which renditions it has', async () => {
    const plain = await signedScript(undefined, [[]]);
    const rendered = await run(() => activities.renderVideo(plain));
    const video = (await findVideo(pool, rendered.generationKey))!;
    expect(video.renditions).toBeUndefined();

    const same = await signedScript(undefined, [['square']]);
    const withSquare = await run(() => activities.renderVideo(same));
    expect((await findVideo(pool, withSquare.generationKey))!.renditions?.map((r) => r.id)).toEqual(['square']);
    expect(withSquare.generationKey).not.toBe(rendered.generationKey);
  }, 120_000);
});
