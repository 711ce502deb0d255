// Shared test material for provenance: a temporary signing key, a fake video and its signed manifest.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildProvenanceContent } from '../../../video/provenance/content.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../../../video/provenance/keys.ts';
import { signManifest, type SignedManifest } from '../../../video/provenance/manifest.ts';
import type { NarrationInfo } from '../../../shared/narration.ts';
import type { Claim } from '../../../shared/types.ts';
import { claimSha256 } from '../../../db/campaign-repo.ts';

export const CLAIM: Claim = {
  id: 'flu-1',
  text: { de: 'Die Grippeimpfung senkt das Risiko schwerer Verläufe.' },
  topics: ['safety'],
  source: { title: 'STIKO-Empfehlung', publisher: 'RKI', url: 'https://www.rki.de/stiko', date: '2026-01-15' },
  status: 'active',
};

/** A fresh directory under the suite's temporary root. */
export const tempDir = (prefix: string) => mkdtemp(join(inject('tmpRoot'), prefix));

/** A freshly generated key in its own data directory. */
export async function testKey(): Promise<SigningKey & { dataDir: string }> {
  const dataDir = await tempDir('provenance-key-');
  return { ...(await loadOrCreateSigningKey({ dataDir })), dataDir };
}

/** A random "video" of `size` bytes, its path, and a manifest for it signed with `key` (narration only if given). */
export async function signedVideo(
  key: SigningKey,
  opts: { size?: number; campaignId?: string; narration?: NarrationInfo } = {},
): Promise<{ dir: string; videoPath: string; bytes: Buffer; manifest: SignedManifest; manifestPath: string }> {
  const dir = await tempDir('provenance-video-');
  const bytes = randomBytes(opts.size ?? 4096);
  const videoPath = join(dir, 'video.mp4');
  await writeFile(videoPath, bytes);
  const scriptSha256 = 'a'.repeat(64);
  const content = buildProvenanceContent({
    campaignId: opts.campaignId ?? 'flu-2026',
    segmentId: 'seniors',
    video: { sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length, durationSeconds: 42.5 },
    scriptSha256,
    citedClaimIds: [CLAIM.id],
    claims: [{ ...CLAIM, sha256: claimSha256(CLAIM) }],
    signatures: [
      {
        campaignId: 'flu-2026',
        segmentId: 'seniors',
        round: 1,
        reviewerId: 'dr-weber',
        reviewerName: 'Dr. Anna Weber',
        role: 'medical_reviewer',
        meaning: 'Ich bestätige die medizinische Richtigkeit.',
        scriptSha256,
        claimSetSha256: 'b'.repeat(64),
        contentSha256: 'c'.repeat(64),
        signedAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    generator: { renderer: 'local', scriptProvider: 'local' },
    ...(opts.narration ? { narration: opts.narration } : {}),
    createdAt: '2026-11-20T11:00:00.000Z',
  });
  const manifest = signManifest(content, key);
  const manifestPath = join(dir, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, videoPath, bytes, manifest, manifestPath };
}
