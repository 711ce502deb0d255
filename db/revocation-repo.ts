// What retractions and replacements read: endorsed videos by claim or campaign, and a segment's earlier runs.
import type { RevocationTarget } from '../shared/revocation.ts';
import type { Queryable } from './pool.ts';

/** Per campaign, the segments whose endorsed video's signed manifest cites `claimId`. */
export async function listEndorsedCiting(
  db: Queryable,
  claimId: string,
): Promise<{ campaignId: string; segmentIds: string[] }[]> {
  const r = await db.query(
    `SELECT campaign_id, array_agg(segment_id ORDER BY segment_id) AS segment_ids FROM provenance
      WHERE status = 'endorsed' AND manifest -> 'claims' @> $1::jsonb GROUP BY campaign_id`,
    [JSON.stringify([{ id: claimId }])],
  );
  return r.rows.map((row) => ({ campaignId: row.campaign_id, segmentIds: row.segment_ids }));
}

/**
 * The campaign's endorsed videos (only `segmentIds` when given) with every channel that was sent them. A delivery
 * that was attempted counts even without a confirmed answer: the receiver may have stored it before the connection
 * dropped. Videos without a generation record are left out.
 */
export async function listRevocationTargets(
  db: Queryable,
  campaignId: string,
  segmentIds: readonly string[] | undefined,
): Promise<RevocationTarget[]> {
  const r = await db.query(
    `SELECT p.segment_id, p.video_sha256,
            (SELECT v.generation_key FROM videos v WHERE v.video_sha256 = p.video_sha256
              AND v.campaign_id = p.campaign_id ORDER BY v.created_at DESC LIMIT 1) AS generation_key,
            COALESCE((SELECT array_agg(DISTINCT d.channel_id ORDER BY d.channel_id) FROM deliveries d
              WHERE d.campaign_id = p.campaign_id AND d.video_sha256 = p.video_sha256
                AND d.event_type IN ('video.approved', 'video.replaced')
                AND (d.status = 'delivered' OR d.attempts > 0)), '{}') AS channel_ids
       FROM provenance p
      WHERE p.campaign_id = $1 AND p.status = 'endorsed' AND ($2::text[] IS NULL OR p.segment_id = ANY($2))
      ORDER BY p.segment_id`,
    [campaignId, segmentIds ?? null],
  );
  return r.rows
    .filter((row) => row.generation_key)
    .map((row) => ({
      segmentId: row.segment_id,
      videoSha256: row.video_sha256,
      generationKey: row.generation_key,
      channelIds: row.channel_ids,
    }));
}

/** How many review rounds and video renders a segment has had so far (0 for none). */
export async function segmentRunCounts(
  db: Queryable,
  campaignId: string,
  segmentId: string,
): Promise<{ rounds: number; renders: number }> {
  const r = await db.query(
    `SELECT (SELECT coalesce(max(round), 0) FROM review_decisions WHERE campaign_id = $1 AND segment_id = $2) AS rounds,
            (SELECT coalesce(max(attempt), 0) FROM video_reviews WHERE campaign_id = $1 AND segment_id = $2) AS renders`,
    [campaignId, segmentId],
  );
  return { rounds: Number(r.rows[0].rounds), renders: Number(r.rows[0].renders) };
}
