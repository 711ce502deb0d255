import { createHash } from 'node:crypto';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, MANIFEST_SCHEMA, writeManifest } from '../../../activities/render/manifest.ts';
import type { ManifestInput, ReviewRecord } from '../../../activities/render/manifest.ts';

const input: ManifestInput = {
  campaignId: 'flu-2026',
  segmentId: 'seniors-75-plain',
  scriptSha256: 'a'.repeat(64),
  claimIds: ['flu-efficacy', 'flu-free-60'],
  review: { reviewer: 'dr.meyer', decidedAt: '2026-10-01T09:30:00.000Z' },
  video: { sha256: 'b'.repeat(64), durationSeconds: 9.5, width: 1280, height: 720 },
  captionsSha256: 'c'.repeat(64),
  renderer: 'local',
  generatedAt: '2026-10-01T10:00:00.000Z',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-manifest-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildManifest', () => {
  it('marks the video as AI-generated with a disclosure and the schema id', () => {
    const manifest = buildManifest(input);
    expect(manifest.aiGenerated).toBe(true);
    expect(manifest.schema).toBe(MANIFEST_SCHEMA);
    expect(manifest.disclosure).toMatch(/KI-generiert/);
    expect(manifest.disclosure).toMatch(/AI-generated/);
    expect(manifest.digitalSourceType).toMatch(/^http:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\//);
  });

  it('records script, review, video and captions facts', () => {
    const manifest = buildManifest(input);
    expect(manifest.script).toEqual({ sha256: input.scriptSha256, claimIds: input.claimIds });
    expect(manifest.reviews).toEqual([input.review]);
    expect(manifest.video).toMatchObject(input.video);
    expect(manifest.captions.sha256).toBe(input.captionsSha256);
  });

  it('records every approval when several reviewers signed off', () => {
    const second = { reviewer: 'dr.yilmaz', reviewerId: 'r-2', role: 'medical', decidedAt: '2026-10-01T09:45:00.000Z' };
    const manifest = buildManifest({ ...input, review: [input.review as ReviewRecord, second] });
    expect(manifest.reviews).toEqual([input.review, second]);
  });
});

describe('writeManifest', () => {
  it('writes a manifest that reads back equal, with the SHA-256 of the file', async () => {
    const manifest = buildManifest(input);
    const written = await writeManifest(dir, manifest);
    const bytes = await readFile(written.path);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(manifest);
    expect(written.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('leaves no temp files behind', async () => {
    await writeManifest(dir, buildManifest(input));
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });
});
