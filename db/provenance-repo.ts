// Provenance records: the signed manifest of each published video and whether the agency still endorses it.
import type { SignedManifest } from '../shared/manifest.ts';
import type { Queryable } from './pool.ts';

export type ProvenanceStatus = 'endorsed' | 'retracted' | 'replaced';

export interface ProvenanceRecord {
  videoSha256: string;
  campaignId: string;
  segmentId: string;
  manifest: SignedManifest;
  keyId: string;
  status: ProvenanceStatus;
  statusReason?: string;
  replacedBy?: string;
  updatedAt: string;
}

/**
 * Stores a video's signed manifest as endorsed, and marks the segment's previously endorsed video `replaced` by it
 * (a re-render supersedes it), in one statement, so both happen or neither. A retried activity overwrites the
 * manifest but never the status: a retraction is not undone by signing the same video again.
 */
export async function recordProvenance(
  db: Queryable,
  r: { videoSha256: string; campaignId: string; segmentId: string; manifest: SignedManifest },
): Promise<void> {
  await db.query(
    `WITH recorded AS (
       INSERT INTO provenance (video_sha256, campaign_id, segment_id, manifest, key_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (video_sha256) DO UPDATE SET manifest = EXCLUDED.manifest, key_id = EXCLUDED.key_id,
         updated_at = now()
       RETURNING video_sha256
     )
     UPDATE provenance SET status = 'replaced', replaced_by = (SELECT video_sha256 FROM recorded),
       status_reason = 'replaced by a new video of the same segment', updated_at = now()
     WHERE campaign_id = $2 AND segment_id = $3 AND video_sha256 <> $1 AND status = 'endorsed'`,
    [r.videoSha256, r.campaignId, r.segmentId, JSON.stringify(r.manifest), r.manifest.signature.keyId],
  );
}

/**
 * The provenance record of a video: by its own SHA-256, or by the SHA-256 of one of its renditions (the record of the
 * main video, whose signed manifest lists the rendition; `videoSha256` is then the main video's).
 */
export async function getProvenance(db: Queryable, sha256: string): Promise<ProvenanceRecord | undefined> {
  const r = await db.query(
    `SELECT * FROM provenance WHERE video_sha256 = $1
     UNION ALL
     (SELECT p.* FROM provenance p JOIN videos v ON v.video_sha256 = p.video_sha256
       WHERE v.renditions @> jsonb_build_array(jsonb_build_object('sha256', $1::text))
       ORDER BY v.created_at DESC LIMIT 1)
     LIMIT 1`,
    [sha256],
  );
  const row = r.rows[0];
  return (
    row && {
      videoSha256: row.video_sha256,
      campaignId: row.campaign_id,
      segmentId: row.segment_id,
      manifest: row.manifest as SignedManifest,
      keyId: row.key_id,
      status: row.status as ProvenanceStatus,
      statusReason: row.status_reason ?? undefined,
      replacedBy: row.replaced_by ?? undefined,
      updatedAt: new Date(row.updated_at).toISOString(),
    }
  );
}

/** Sets whether a video is still endorsed, with the reason shown to whoever checks it; false for an unknown hash. */
export async function setProvenanceStatus(
  db: Queryable,
  videoSha256: string,
  status: ProvenanceStatus,
  reason: string | undefined,
  replacedBy?: string,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE provenance SET status = $2, status_reason = $3, replaced_by = $4, updated_at = now()
     WHERE video_sha256 = $1`,
    [videoSha256, status, reason ?? null, status === 'replaced' ? (replacedBy ?? null) : null],
  );
  return r.rowCount === 1;
}

/** The SHA-256 of the segment's newest endorsed video, if it has one. */
export async function currentEndorsedVideo(
  db: Queryable,
  campaignId: string,
  segmentId: string,
): Promise<string | undefined> {
  const r = await db.query(
    `SELECT video_sha256 FROM provenance WHERE campaign_id = $1 AND segment_id = $2 AND status = 'endorsed'
      ORDER BY created_at DESC LIMIT 1`,
    [campaignId, segmentId],
  );
  return r.rows[0]?.video_sha256;
}

/** A video's provenance status, its row locked until the caller's transaction ends; undefined for an unknown hash. */
export async function lockProvenanceStatus(tx: Queryable, videoSha256: string): Promise<ProvenanceStatus | undefined> {
  const r = await tx.query(`SELECT status FROM provenance WHERE video_sha256 = $1 FOR UPDATE`, [videoSha256]);
  return r.rows[0]?.status;
}
