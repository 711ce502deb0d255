// Video review decisions and acceptance signatures, recorded by the segment workflow's activities.
import type { Queryable } from './pool.ts';

export interface VideoReviewRecord {
  campaignId: string;
  segmentId: string;
  attempt: number;
  reviewerId: string;
  reviewerName: string;
  role: string;
  decision: 'ACCEPTED' | 'RERENDER_REQUESTED';
  comment: string;
  videoSha256: string;
  scriptSha256: string;
  generationKey: string;
  /** Acceptances only: the signed meaning and the SHA-256 over what was signed. */
  meaning?: string;
  contentSha256?: string;
  decidedAt: string;
}

/** Records a decision once per (segment, attempt, reviewer); returns false when a retried activity already did. */
export async function recordVideoReview(db: Queryable, v: VideoReviewRecord): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO video_reviews (campaign_id, segment_id, attempt, reviewer_id, reviewer_name, role, decision, comment,
       video_sha256, script_sha256, generation_key, meaning, content_sha256, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
    [
      v.campaignId,
      v.segmentId,
      v.attempt,
      v.reviewerId,
      v.reviewerName,
      v.role,
      v.decision,
      v.comment,
      v.videoSha256,
      v.scriptSha256,
      v.generationKey,
      v.meaning ?? null,
      v.contentSha256 ?? null,
      v.decidedAt,
    ],
  );
  return r.rowCount === 1;
}

/** Every video decision on a segment, oldest first. */
export async function listVideoReviews(
  db: Queryable,
  campaignId: string,
  segmentId: string,
): Promise<VideoReviewRecord[]> {
  const r = await db.query(
    `SELECT * FROM video_reviews WHERE campaign_id = $1 AND segment_id = $2 ORDER BY attempt, decided_at, reviewer_id`,
    [campaignId, segmentId],
  );
  return r.rows.map((row) => ({
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    attempt: row.attempt,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    role: row.role,
    decision: row.decision,
    comment: row.comment,
    videoSha256: row.video_sha256,
    scriptSha256: row.script_sha256,
    generationKey: row.generation_key,
    ...(row.meaning ? { meaning: row.meaning, contentSha256: row.content_sha256 } : {}),
    decidedAt: new Date(row.decided_at).toISOString(),
  }));
}
