// Review decisions as recorded by the segment workflow (the workflow is the authority; this is the record).
import type { ReviewDecision } from '../shared/types.ts';
import type { Queryable } from './pool.ts';

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

/** Records a decision once per (segment, round, reviewer); returns false when a retried activity already did. */
export async function recordDecision(db: Queryable, d: ReviewDecisionRecord): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO review_decisions
       (campaign_id, segment_id, script_sha256, round, reviewer_id, reviewer_name, decision, comment, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [
      d.campaignId,
      d.segmentId,
      d.scriptSha256,
      d.round,
      d.reviewerId,
      d.reviewerName,
      d.decision,
      d.comment,
      d.decidedAt,
    ],
  );
  return r.rowCount === 1;
}

/** Every decision on a segment, oldest first. */
export async function listDecisions(db: Queryable, campaignId: string, segmentId: string) {
  const r = await db.query(
    `SELECT * FROM review_decisions WHERE campaign_id = $1 AND segment_id = $2 ORDER BY round, decided_at`,
    [campaignId, segmentId],
  );
  return r.rows.map((row): ReviewDecisionRecord => ({
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    scriptSha256: row.script_sha256,
    round: row.round,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    decision: row.decision,
    comment: row.comment,
    decidedAt: new Date(row.decided_at).toISOString(),
  }));
}
