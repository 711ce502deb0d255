// Signed manifests: a round trip verifies, and a changed byte in the video, the manifest or the signature does not.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SigningKey } from '../../../video/provenance/keys.ts';
import {
  SIGNED_MANIFEST_SCHEMA,
  verifyManifest,
  verifyVideo,
  type SignedManifest,
} from '../../../video/provenance/manifest.ts';
import type { NarrationInfo } from '../../../shared/narration.ts';
import { signedVideo, testKey } from './fixture.ts';

let key: SigningKey;
let other: SigningKey;
let fixture: Awaited<ReturnType<typeof signedVideo>>;
beforeAll(async () => {
  [key, other] = await Promise.all([testKey(), testKey()]);
  fixture = await signedVideo(key);
});

const clone = (m: SignedManifest) => structuredClone(m) as SignedManifest & Record<string, unknown>;

describe('signed manifest', () => {
  it('states what the video is, that it is AI-generated, and who signed the script', () => {
    const m = fixture.manifest;
    expect(m).toMatchObject({ schema: SIGNED_MANIFEST_SCHEMA, aiGenerated: true, campaignId: 'flu-2026' });
    expect(m.video).toEqual({
      mimeType: 'video/mp4',
      sha256: expect.any(String),
      sizeBytes: 4096,
      durationSeconds: 42.5,
    });
    expect(m.claims[0]?.source.publisher).toBe('RKI');
    expect(m.signatures).toEqual([expect.objectContaining({ reviewer: 'Dr. Anna Weber', role: 'medical_reviewer' })]);
    expect(m.digitalSourceType).toMatch(/algorithmicMedia$/);
    expect(m.signature).toEqual({ alg: 'Ed25519', keyId: key.keyId, value: expect.stringMatching(/^[\w-]{86}$/) });
  });

  it('signs what spoke the narration, and verifies manifests signed before it was recorded', async () => {
    const narration = {
      engine: 'espeak-ng-npm',
      version: '1.52-dev',
      package: 'espeak-ng@1.0.2',
      voices: { de: 'de' },
    };
    const narrated = await signedVideo(key, { narration: narration as NarrationInfo });
    expect(narrated.manifest.narration).toEqual(narration);
    expect(verifyManifest(narrated.manifest, key.publicKey)).toEqual({ ok: true });
    expect(fixture.manifest).not.toHaveProperty('narration');
    expect(verifyManifest(fixture.manifest, key.publicKey)).toEqual({ ok: true });
    const relabelled = clone(narrated.manifest);
    relabelled.narration = { engine: 'silent', voices: {} };
    expect(verifyManifest(relabelled, key.publicKey).reason).toMatch(/^bad signature/);
  });

  it('verifies a video and its manifest from a path and from bytes', async () => {
    const fromPath = await verifyVideo({ videoBytesOrPath: fixture.videoPath, ...fixture, publicKey: key.publicKey });
    expect(fromPath).toEqual({ ok: true, reasons: [], videoSha256: fixture.manifest.video.sha256 });
    const fromBytes = await verifyVideo({
      videoBytesOrPath: fixture.bytes,
      ...fixture,
      publicKey: [other.publicKey, key.publicKey],
    });
    expect(fromBytes.ok).toBe(true);
  });

  it('reports a hash mismatch when one byte of the video changes', async () => {
    for (const at of [0, 2048, 4095]) {
      const bytes = Buffer.from(fixture.bytes);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      const result = await verifyVideo({
        videoBytesOrPath: bytes,
        manifest: fixture.manifest,
        publicKey: key.publicKey,
      });
      expect(result).toMatchObject({ ok: false, reasons: [expect.stringMatching(/^video hash mismatch/)] });
    }
  });

  it('reports a bad signature when any field of the manifest changes', () => {
    const edits: ((m: SignedManifest & Record<string, unknown>) => void)[] = [
      (m) => (m.campaignId = 'other'),
      (m) => (m.video.durationSeconds += 1),
      (m) => (m.claims[0]!.source.url = 'https://example.org'),
      (m) => (m.signatures[0]!.reviewer = 'Dr. Mallory'),
      (m) => (m.createdAt = '2027-01-01T00:00:00.000Z'),
      (m) => (m.disclosure = ''),
      (m) => (m.extra = 'added'),
      (m) => delete (m as Partial<SignedManifest>).digitalSourceType,
    ];
    for (const edit of edits) {
      const m = clone(fixture.manifest);
      edit(m);
      expect(verifyManifest(m, key.publicKey).reason).toMatch(/^bad signature/);
    }
  });

  it('fails when any single byte of the manifest file changes', async () => {
    const text = await readFile(fixture.manifestPath);
    for (let at = 0; at < text.length; at++) {
      const bytes = Buffer.from(text);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      let manifest: unknown;
      try {
        manifest = JSON.parse(bytes.toString('utf8'));
      } catch {
        continue;
      }
      const result = await verifyVideo({ videoBytesOrPath: fixture.bytes, manifest, publicKey: key.publicKey });
      expect(result.ok, `byte ${at} changed`).toBe(false);
    }
  });

  it('fails when any single character of the signature changes', () => {
    const value = fixture.manifest.signature.value;
    for (let at = 0; at < value.length; at++) {
      const m = clone(fixture.manifest);
      m.signature.value = value.slice(0, at) + String.fromCharCode(value.charCodeAt(at) ^ 0x01) + value.slice(at + 1);
      expect(verifyManifest(m, key.publicKey).reason, `character ${at}`).toMatch(/^bad signature/);
    }
  });

  it('reports an unknown key when signed by a key that is not trusted', () => {
    expect(verifyManifest(fixture.manifest, other.publicKey).reason).toMatch(/^unknown key: signed by [0-9a-f]{16}/);
    const m = clone(fixture.manifest);
    m.signature.keyId = other.keyId;
    expect(verifyManifest(m, [key.publicKey, other.publicKey]).reason).toMatch(/^bad signature/);
  });

  it('refuses malformed manifests and other algorithms', () => {
    expect(verifyManifest(null, key.publicKey).reason).toMatch(/^malformed manifest/);
    const { signature: _, ...unsigned } = fixture.manifest;
    expect(verifyManifest(unsigned, key.publicKey).reason).toMatch(/no signature/);
    const m = clone(fixture.manifest);
    (m.signature as { alg: string }).alg = 'none';
    expect(verifyManifest(m, key.publicKey).reason).toMatch(/unsupported signature algorithm/);
  });
});
