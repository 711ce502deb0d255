// Review decisions as recorded by the segment workflow (the workflow is the authority; this is the record).
import type { ReviewDecision } from '../shared/types.ts';
import type { Queryable } from './pool.ts';
import { insertOnce, latestForSegments, listForSegment, type SignOffTable } from './sign-off-table.ts';

export interface ReviewDecisionRecord {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  round: number;
  reviewerId: string;
  reviewerName: string;
  decision: ReviewDecision;
  comment: string;
  decidedAt: string; // ISO time the workflow accepted the decision
}

const REVIEW_DECISIONS: SignOffTable<ReviewDecisionRecord> = {
  table: 'review_decisions',
  columns: {
    campaignId: 'campaign_id',
    segmentId: 'segment_id',
    scriptSha256: 'script_sha256',
    round: 'round',
    reviewerId: 'reviewer_id',
    reviewerName: 'reviewer_name',
    decision: 'decision',
    comment: 'comment',
    decidedAt: 'decided_at',
  },
  order: 'round, decided_at',
  times: ['decidedAt'],
};

/** Records a decision once per (segment, round, reviewer); returns false when a retried activity already did. */
export function recordDecision(db: Queryable, d: ReviewDecisionRecord): Promise<boolean> {
  return insertOnce(db, REVIEW_DECISIONS, d);
}

/** Every decision on a segment, oldest first. */
export function listDecisions(db: Queryable, campaignId: string, segmentId: string): Promise<ReviewDecisionRecord[]> {
  return listForSegment(db, REVIEW_DECISIONS, campaignId, segmentId);
}

/**
 * Seconds from the reviewed script version's creation (its draft, checked at once) to `decidedAt`: how long it waited
 * for this reviewer. Undefined when the version is not stored.
 */
export async function scriptReviewWaitSeconds(
  db: Queryable,
  d: Pick<ReviewDecisionRecord, 'campaignId' | 'segmentId' | 'scriptSha256' | 'decidedAt'>,
): Promise<number | undefined> {
  const r = await db.query(
    `SELECT extract(epoch FROM ($4::timestamptz - created_at))::float8 AS seconds FROM script_versions
      WHERE campaign_id = $1 AND segment_id = $2 AND sha256 = $3`,
    [d.campaignId, d.segmentId, d.scriptSha256, d.decidedAt],
  );
  return r.rows[0]?.seconds as number | undefined;
}

/** The latest decision on each of the given segments (the last `listDecisions` would list), by segment id. */
export function latestDecisions(
  db: Queryable,
  campaignId: string,
  segmentIds: readonly string[],
): Promise<Map<string, ReviewDecisionRecord>> {
  return latestForSegments(db, REVIEW_DECISIONS, campaignId, segmentIds);
}
