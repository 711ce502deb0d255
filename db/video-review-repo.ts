// Video review decisions and acceptance signatures, recorded by the segment workflow's activities.
import type { VideoReviewRecord } from '../shared/sign-offs.ts';
import type { Queryable } from './pool.ts';
import { insertOnce, listForSegment, type SignOffTable } from './sign-off-table.ts';

export type { VideoReviewRecord };

const VIDEO_REVIEWS: SignOffTable<VideoReviewRecord> = {
  table: 'video_reviews',
  columns: {
    campaignId: 'campaign_id',
    segmentId: 'segment_id',
    attempt: 'attempt',
    reviewerId: 'reviewer_id',
    reviewerName: 'reviewer_name',
    role: 'role',
    decision: 'decision',
    comment: 'comment',
    videoSha256: 'video_sha256',
    scriptSha256: 'script_sha256',
    generationKey: 'generation_key',
    meaning: 'meaning',
    contentSha256: 'content_sha256',
    decidedAt: 'decided_at',
  },
  order: 'attempt, decided_at, reviewer_id',
  times: ['decidedAt'],
};

/** Records a decision once per (segment, attempt, reviewer); returns false when a retried activity already did. */
export function recordVideoReview(db: Queryable, v: VideoReviewRecord): Promise<boolean> {
  return insertOnce(db, VIDEO_REVIEWS, v);
}

/** Every video decision on a segment, oldest first. */
export function listVideoReviews(db: Queryable, campaignId: string, segmentId: string): Promise<VideoReviewRecord[]> {
  return listForSegment(db, VIDEO_REVIEWS, campaignId, segmentId);
}

/** Seconds from the render's creation (generation key) to `decidedAt`; undefined when the render is not stored. */
export async function videoReviewWaitSeconds(
  db: Queryable,
  d: { generationKey: string; decidedAt: string },
): Promise<number | undefined> {
  const r = await db.query(
    `SELECT extract(epoch FROM ($2::timestamptz - created_at))::float8 AS seconds FROM videos WHERE generation_key = $1`,
    [d.generationKey, d.decidedAt],
  );
  return r.rows[0]?.seconds as number | undefined;
}
