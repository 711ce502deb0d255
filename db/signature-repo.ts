// Signatures and review notifications, written by the segment workflow's activities.
import type { Queryable } from './pool.ts';

export interface SignatureRecord {
  campaignId: string;
  segmentId: string;
  round: number;
  reviewerId: string;
  reviewerName: string;
  role: string;
  meaning: string;
  scriptSha256: string;
  claimSetSha256: string;
  contentSha256: string;
  signedAt: string;
}

/** Records a signature once per (segment, round, reviewer); returns false when a retried activity already did. */
export async function recordSignature(db: Queryable, s: SignatureRecord): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO signatures (campaign_id, segment_id, round, reviewer_id, reviewer_name, role, meaning, script_sha256,
       claim_set_sha256, content_sha256, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING`,
    [
      s.campaignId,
      s.segmentId,
      s.round,
      s.reviewerId,
      s.reviewerName,
      s.role,
      s.meaning,
      s.scriptSha256,
      s.claimSetSha256,
      s.contentSha256,
      s.signedAt,
    ],
  );
  return r.rowCount === 1;
}

export async function listSignatures(db: Queryable, campaignId: string, segmentId: string): Promise<SignatureRecord[]> {
  const r = await db.query(
    `SELECT * FROM signatures WHERE campaign_id = $1 AND segment_id = $2 ORDER BY round, signed_at, reviewer_id`,
    [campaignId, segmentId],
  );
  return r.rows.map((row) => ({
    campaignId: row.campaign_id,
    segmentId: row.segment_id,
    round: row.round,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    role: row.role,
    meaning: row.meaning,
    scriptSha256: row.script_sha256,
    claimSetSha256: row.claim_set_sha256,
    contentSha256: row.content_sha256,
    signedAt: new Date(row.signed_at).toISOString(),
  }));
}

export type ReviewNotificationKind = 'review.reminder' | 'review.escalated' | 'review.expired';

/** Who each notification goes to: reminders to reviewers, escalations to leads, expiry to the campaign manager. */
export const RECIPIENTS: Record<ReviewNotificationKind, string> = {
  'review.reminder': 'medical_reviewer',
  'review.escalated': 'lead_reviewer',
  'review.expired': 'campaign_manager',
};

/** Records a notification once per (segment, round, kind); returns true when it is new. */
export async function recordNotification(
  db: Queryable,
  n: { campaignId: string; segmentId: string; round: number; kind: ReviewNotificationKind },
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO notifications (campaign_id, segment_id, round, kind, recipients) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [n.campaignId, n.segmentId, n.round, n.kind, RECIPIENTS[n.kind]],
  );
  return r.rowCount === 1;
}

export async function listNotifications(db: Queryable, campaignId: string) {
  const r = await db.query(`SELECT * FROM notifications WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  return r.rows.map((row) => ({
    segmentId: row.segment_id as string,
    round: row.round as number,
    kind: row.kind as ReviewNotificationKind,
    recipients: row.recipients as string,
  }));
}
