// Public provenance endpoints: the signing key set and whether a video (by SHA-256) is authentic and endorsed.
import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { verifyManifest } from '../../video/provenance/manifest.ts';
import { keySetOf, PROVENANCE_KEYS_PATH } from '../../video/provenance/public-keys.ts';
import type { Pool } from '../../db/pool.ts';
import { getProvenance } from '../../db/provenance-repo.ts';
import { manifestFileFor } from '../../shared/manifest.ts';
import { ApiError } from '../errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Routes without authentication: platforms, channels and citizens call them, often from a browser on another
 * origin. Mount at `/`.
 */
export function provenanceRoutes({ pool, publicKeys }: { pool: Pool; publicKeys: readonly KeyObject[] }) {
  const app = new Hono();
  // Per route, not app.use('*'): mounted at '/', a wildcard middleware would open every API route to all origins.
  app.get(PROVENANCE_KEYS_PATH, (c) => {
    c.header('access-control-allow-origin', '*');
    c.header('cache-control', 'public, max-age=3600');
    return c.json(keySetOf(publicKeys));
  });

  app.get('/api/provenance/:sha256', async (c) => {
    const sha256 = c.req.param('sha256').toLowerCase();
    if (!SHA256_HEX.test(sha256)) throw new ApiError(400, 'The path must end in a video SHA-256: 64 hex digits.');
    c.header('access-control-allow-origin', '*');
    // A retraction must reach checkers at once: no caching of answers.
    c.header('cache-control', 'no-store');
    const record = await getProvenance(pool, sha256);
    if (!record) return c.json({ authentic: false, status: 'unknown', videoSha256: sha256 }, 404);
    const check = verifyManifest(record.manifest, publicKeys);
    const file = manifestFileFor(record.manifest, sha256);
    const authentic = check.ok && file !== undefined;
    return c.json({
      authentic,
      ...(check.ok ? {} : { reason: check.reason }),
      status: record.status,
      endorsed: authentic && record.status === 'endorsed',
      ...(record.statusReason ? { statusReason: record.statusReason } : {}),
      ...(record.replacedBy ? { replacedBy: record.replacedBy } : {}),
      videoSha256: sha256,
      ...(file?.rendition ? { rendition: file.rendition.id, mainVideoSha256: record.videoSha256 } : {}),
      campaign: record.campaignId,
      segment: record.segmentId,
      signedAt: record.manifest.createdAt,
      reviewedAt: record.manifest.signatures.map((s) => s.signedAt),
      keyId: record.keyId,
      updatedAt: record.updatedAt,
      manifest: record.manifest,
    });
  });
  return app;
}
