// renderVideo embeds Content Credentials before the video is hashed: the ledger, manifest and reader all agree.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readWithC2paPython, resolveC2paReader } from '../../../dev/c2pa-reader.ts';
import { createVideoActivities } from '../../../activities/videos.ts';
import { createCampaign } from '../../../db/campaign-repo.ts';
import { createPool } from '../../../db/pool.ts';
import { saveScriptVersion } from '../../../db/script-repo.ts';
import { recordSignature } from '../../../db/signature-repo.ts';
import { findVideo } from '../../../db/video-repo.ts';
import { DEV_CERT_NAME, loadOrCreateC2paCredentials } from '../../../video/provenance/c2pa-cert.ts';
import { readContentCredentials, summariseManifestStore } from '../../../video/provenance/c2pa.ts';
import { loadOrCreateSigningKey } from '../../../video/provenance/keys.ts';
import { verifyVideo, type SignedManifest } from '../../../video/provenance/manifest.ts';
import { createTts } from '../../../video/render/tts.ts';
import type { CampaignBrief, Claim } from '../../../shared/types.ts';
import { branding, twoSceneScript } from '../render/script-fixture.ts';

const pool = createPool(inject('postgresUrl') ?? inject('pgliteUrl'), 2);
let outDir: string;
let activities: ReturnType<typeof createVideoActivities>;
let signingKey: Awaited<ReturnType<typeof loadOrCreateSigningKey>>;
const run = <T>(fn: () => Promise<T>): Promise<T> => new MockActivityEnvironment().run(fn);

beforeAll(async () => {
  outDir = await mkdtemp(join(inject('tmpRoot'), 'c2pa-render-'));
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

describe('renderVideo with Content Credentials', () => {
  it('hashes the video after embedding, and c2pa-python reads the credentials of the file the manifest signs', async () => {
    const campaignId = `c2pa-${randomBytes(4).toString('hex')}`;
    const brief = {
      name: 'c2pa-test',
      title: 'Content Credentials test',
      agency: 'Test agency',
      topic: 'A test topic',
      callToAction: { de: 'Fragen Sie nach.' },
      branding,
      video: { width: 640, height: 360 },
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
    const script = twoSceneScript();
    const scriptSha256 = await saveScriptVersion(pool, {
      campaignId,
      segmentId: segment.id,
      script,
      provider: 'openai',
      templateHash: 't',
    });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
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
    const rendered = await run(() => activities.renderVideo({ campaignId, segmentId: segment.id, scriptSha256 }));
    const video = await findVideo(pool, rendered.generationKey);
    const bytes = await readFile(video?.videoPath as string);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(rendered.videoSha256);

    const ours = await readContentCredentials(bytes);
    expect(ours).toMatchObject({ present: true, valid: true, aiGenerated: true, signer: DEV_CERT_NAME });
    const python = resolveC2paReader({ cacheDir: resolve('.cache'), install: true, log: () => {} });
    expect(python, 'c2pa-python in .cache/temporal-venv (see dev/c2pa-reader.ts)').toBeDefined();
    const read = readWithC2paPython(python as string, video?.videoPath as string);
    if ('error' in read) throw new Error(read.error);
    expect((JSON.parse(read.json) as { validation_state: string }).validation_state).toBe('Valid');
    expect(summariseManifestStore(read.json).klartext).toMatchObject({
      campaignId,
      segmentId: segment.id,
      agency: 'Test agency',
      scriptSha256,
      manifest: { file: 'manifest.json', url: 'https://videos.example.org/api/provenance/{sha256}' },
    });

    const written = await run(() =>
      activities.writeManifest({
        campaignId,
        segmentId: segment.id,
        generationKey: rendered.generationKey,
        approvals: [],
      }),
    );
    const manifest = JSON.parse(await readFile(written.path, 'utf8')) as SignedManifest;
    expect(manifest.contentCredentials).toEqual({
      signer: DEV_CERT_NAME,
      issuer: 'klartext',
      development: true,
      aiGenerated: true,
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    const verified = await verifyVideo({ videoBytesOrPath: bytes, manifest, publicKey: signingKey.publicKey });
    expect(verified).toMatchObject({ ok: true, videoSha256: rendered.videoSha256 });
  }, 120_000);
});
