// Public provenance endpoints: the key set, and authentic/endorsed answers for known, unknown and retracted videos.
import { createPublicKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SigningKey } from '../../video/provenance/keys.ts';
import { verifyManifest } from '../../video/provenance/manifest.ts';
import { loadRetiredPublicKeys } from '../../video/provenance/public-keys.ts';
import { errorResponse } from '../../api/errors.ts';
import { provenanceRoutes } from '../../api/routes/provenance.ts';
import { createPool, type Pool } from '../../db/pool.ts';
import { getProvenance, recordProvenance, setProvenanceStatus } from '../../db/provenance-repo.ts';
import { signedVideo, testKey } from '../video/provenance/fixture.ts';

let pool: Pool;
let key: SigningKey;
let app: Hono;
beforeAll(async () => {
  pool = createPool(inject('pgliteUrl'), 2);
  key = await testKey();
  app = new Hono()
    .route('/', provenanceRoutes({ pool, publicKeys: [key.publicKey] }))
    .get('/api/private', (c) => c.json({}))
    .onError(errorResponse);
});
afterAll(() => pool?.end());

async function published() {
  const { manifest } = await signedVideo(key, { campaignId: `c-${Math.random().toString(16).slice(2)}` });
  const record = { videoSha256: manifest.video.sha256, campaignId: manifest.campaignId, segmentId: 'seniors' };
  await recordProvenance(pool, { ...record, manifest });
  return manifest;
}

describe('provenance API', () => {
  it('serves the public key set at the well-known URL', async () => {
    const res = await app.request('/.well-known/klartext-provenance-keys.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { keys: { kid: string; x: string }[] };
    expect(body).toEqual({ keys: [{ kid: key.keyId, kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x }] });
    const served = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: body.keys[0]!.x }, format: 'jwk' });
    expect(served.equals(key.publicKey)).toBe(true);
  });

  it('answers authentic and endorsed for a published video, with its signed manifest', async () => {
    const manifest = await published();
    const res = await app.request(`/api/provenance/${manifest.video.sha256.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      authentic: true,
      endorsed: true,
      status: 'endorsed',
      campaign: manifest.campaignId,
      segment: 'seniors',
      signedAt: manifest.createdAt,
      keyId: key.keyId,
    });
    expect(verifyManifest(body.manifest, key.publicKey)).toEqual({ ok: true });
  });

  it('opens only its own routes to other origins', async () => {
    const res = await app.request('/api/private');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 unknown for a hash it never signed and 400 for a malformed one', async () => {
    const res = await app.request(`/api/provenance/${'0'.repeat(64)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ authentic: false, status: 'unknown' });
    const bad = await app.request('/api/provenance/not-a-hash');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'ApiError', message: expect.stringMatching(/64 hex/) } });
  });

  it('answers retracted with the reason, and keeps a retraction when the video is signed again', async () => {
    const manifest = await published();
    const sha = manifest.video.sha256;
    expect(await setProvenanceStatus(pool, sha, 'retracted', 'Empfehlung geändert (STIKO 2026-12)')).toBe(true);
    await recordProvenance(pool, { videoSha256: sha, campaignId: manifest.campaignId, segmentId: 'seniors', manifest });
    const body = (await (await app.request(`/api/provenance/${sha}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      authentic: true,
      endorsed: false,
      status: 'retracted',
      statusReason: 'Empfehlung geändert (STIKO 2026-12)',
    });
    expect(await setProvenanceStatus(pool, 'f'.repeat(64), 'retracted', 'x')).toBe(false);
  });

  it('names the replacement of a replaced video', async () => {
    const [old, current] = [await published(), await published()];
    await setProvenanceStatus(pool, old.video.sha256, 'replaced', 'new render', current.video.sha256);
    expect(await getProvenance(pool, old.video.sha256)).toMatchObject({
      status: 'replaced',
      replacedBy: current.video.sha256,
    });
    const body = (await (await app.request(`/api/provenance/${old.video.sha256}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'replaced', replacedBy: current.video.sha256, endorsed: false });
  });

  it('answers not authentic when the stored manifest was changed in the database', async () => {
    const manifest = await published();
    await pool.query(
      `UPDATE provenance SET manifest = jsonb_set(manifest, '{campaignId}', '"forged"') WHERE video_sha256 = $1`,
      [manifest.video.sha256],
    );
    const body = (await (await app.request(`/api/provenance/${manifest.video.sha256}`)).json()) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ authentic: false, endorsed: false, reason: expect.stringMatching(/^bad signature/) });
  });
});

describe('provenance API after a signing key rotation', () => {
  it('still verifies videos signed by a retired key listed in KLARTEXT_SIGNING_RETIRED_KEYS_FILE, and serves it', async () => {
    const retired = key;
    const current = await testKey();
    const manifest = await published();
    // The operator's retired-keys file: the old key's public half, the current key too (left out), in PEM.
    const file = join(current.dataDir, 'retired-keys.pem');
    await writeFile(file, `${retired.publicKeyPem}\n${current.publicKeyPem}`);
    const retiredKeys = await loadRetiredPublicKeys(file, current.keyId);
    expect(retiredKeys.map((k) => k.equals(retired.publicKey))).toEqual([true]);
    const rotated = new Hono().route('/', provenanceRoutes({ pool, publicKeys: [current.publicKey, ...retiredKeys] }));
    const keySet = (await (await rotated.request('/.well-known/klartext-provenance-keys.json')).json()) as {
      keys: { kid: string }[];
    };
    expect(keySet.keys.map((k) => k.kid)).toEqual([current.keyId, retired.keyId]);
    const res = await rotated.request(`/api/provenance/${manifest.video.sha256}`);
    expect(await res.json()).toMatchObject({ authentic: true, endorsed: true, keyId: retired.keyId });

    // Without the retired key, the same video no longer verifies: why the file is needed.
    const forgotten = new Hono().route('/', provenanceRoutes({ pool, publicKeys: [current.publicKey] }));
    const refused = await forgotten.request(`/api/provenance/${manifest.video.sha256}`);
    expect(await refused.json()).toMatchObject({ authentic: false, reason: expect.stringMatching(/^unknown key/) });
  });

  it('refuses a retired-keys file without an Ed25519 key, naming the variable', async () => {
    const file = join((await testKey()).dataDir, 'retired-keys.pem');
    await writeFile(file, 'not a key\n');
    await expect(loadRetiredPublicKeys(file, key.keyId)).rejects.toThrow(
      /KLARTEXT_SIGNING_RETIRED_KEYS_FILE .*retired-keys\.pem holds no PEM block/,
    );
    await expect(loadRetiredPublicKeys(join(file, 'missing'), key.keyId)).rejects.toThrow(
      /Cannot read .*\((ENOTDIR|ENOENT)\)/,
    );
  });
});
