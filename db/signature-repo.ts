// Signatures and review notifications, written by the segment workflow's activities.
import type { SignatureRecord } from '../shared/sign-offs.ts';
import type { Queryable } from './pool.ts';
import { insertOnce, listForSegment, type SignOffTable } from './sign-off-table.ts';

export type { SignatureRecord };

const SIGNATURES: SignOffTable<SignatureRecord> = {
  table: 'signatures',
  columns: {
    campaignId: 'campaign_id',
    segmentId: 'segment_id',
    round: 'round',
    reviewerId: 'reviewer_id',
    reviewerName: 'reviewer_name',
    role: 'role',
    meaning: 'meaning',
    scriptSha256: 'script_sha256',
    claimSetSha256: 'claim_set_sha256',
    contentSha256: 'content_sha256',
    signedAt: 'signed_at',
  },
  order: 'round, signed_at, reviewer_id',
  times: ['signedAt'],
};

/** Records a signature once per (segment, round, reviewer); returns false when a retried activity already did. */
export function recordSignature(db: Queryable, s: SignatureRecord): Promise<boolean> {
  return insertOnce(db, SIGNATURES, s);
}

/** Every script signature on a segment, oldest first. */
export function listSignatures(db: Queryable, campaignId: string, segmentId: string): Promise<SignatureRecord[]> {
  return listForSegment(db, SIGNATURES, campaignId, segmentId);
}

export type ReviewNotificationKind = 'review.reminder' | 'review.escalated' | 'review.expired' | 'review.sent-back';

/**
 * Who each notification goes to: reminders to reviewers, escalations to leads, expiry to the campaign manager; a
 * script sent back (a claim it cites was withdrawn) to the reviewers who had it.
 */
export const RECIPIENTS: Record<ReviewNotificationKind, string> = {
  'review.reminder': 'medical_reviewer',
  'review.escalated': 'lead_reviewer',
  'review.expired': 'campaign_manager',
  'review.sent-back': 'medical_reviewer',
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
