// Bookkeeping activities: the workflow's decisions, signatures, notifications and progress mirrored into the database.
import { createHash } from 'node:crypto';
import { setCampaignStatus, setSegmentStatus } from '../db/campaign-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { recordDecision, type ReviewDecisionRecord } from '../db/review-repo.ts';
import { appendAuditIn } from '../db/audit-repo.ts';
import { RECIPIENTS, recordNotification, recordSignature, type ReviewNotificationKind } from '../db/signature-repo.ts';
import { recordVideoReview, type VideoReviewRecord } from '../db/video-review-repo.ts';
import { canonicalJson } from '../shared/hash.ts';
import type { SegmentStatus } from '../shared/types.ts';
import type { ActivityDeps } from './deps.ts';

export interface RecordReviewDecisionInput extends ReviewDecisionRecord {
  role: string;
  /** Set on approvals: the signature's meaning, as the reviewer saw it when re-entering the password. */
  signatureMeaning?: string;
  claimSetSha256?: string;
}

export type RecordVideoDecisionInput = Omit<VideoReviewRecord, 'meaning' | 'contentSha256'> & {
  signatureMeaning?: string;
};

export function createStoreActivities({ pool }: ActivityDeps) {
  return {
    async setSegmentStatus(input: { campaignId: string; segmentId: string; status: SegmentStatus }): Promise<void> {
      await setSegmentStatus(pool, input.campaignId, input.segmentId, input.status);
    },
    async recordReviewDecision(input: RecordReviewDecisionInput): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const subject = `campaign/${input.campaignId}/segment/${input.segmentId}`;
        // Audit entries are appended only with the row they describe, so a retried activity logs nothing twice.
        if (await recordDecision(tx, input)) {
          await appendAuditIn(tx, {
            actor: input.reviewerId,
            action: 'review.decision',
            subject,
            details: { decision: input.decision, round: input.round, scriptSha256: input.scriptSha256 },
          });
        }
        if (!input.signatureMeaning || !input.claimSetSha256) return;
        // The signature covers exactly the text and the claim versions the reviewer read: one hash over both.
        const content = { scriptSha256: input.scriptSha256, claimSetSha256: input.claimSetSha256 };
        const contentSha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
        const signed = await recordSignature(tx, {
          ...input,
          meaning: input.signatureMeaning,
          claimSetSha256: input.claimSetSha256,
          contentSha256,
          signedAt: input.decidedAt,
        });
        if (signed) {
          await appendAuditIn(tx, {
            actor: input.reviewerId,
            action: 'review.signature',
            subject,
            details: { role: input.role, meaning: input.signatureMeaning, ...content, contentSha256 },
          });
        }
      });
    },
    async recordVideoDecision(input: RecordVideoDecisionInput): Promise<void> {
      const { signatureMeaning, ...decision } = input;
      // An acceptance signs the exact video bytes, the approved script they show, and how they were generated.
      const content = {
        videoSha256: input.videoSha256,
        scriptSha256: input.scriptSha256,
        generationKey: input.generationKey,
      };
      const contentSha256 = signatureMeaning
        ? createHash('sha256').update(canonicalJson(content)).digest('hex')
        : undefined;
      await inTransaction(pool, async (tx) => {
        const recorded = await recordVideoReview(tx, {
          ...decision,
          ...(signatureMeaning ? { meaning: signatureMeaning, contentSha256 } : {}),
        });
        if (!recorded) return;
        await appendAuditIn(tx, {
          actor: input.reviewerId,
          action: signatureMeaning ? 'video.signature' : 'video.decision',
          subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
          details: {
            decision: input.decision,
            attempt: input.attempt,
            ...content,
            ...(signatureMeaning ? { role: input.role, meaning: signatureMeaning, contentSha256 } : {}),
            ...(input.comment ? { comment: input.comment } : {}),
          },
        });
      });
    },
    async notifyReview(input: {
      campaignId: string;
      segmentId: string;
      round: number;
      kind: ReviewNotificationKind;
    }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        if (!(await recordNotification(tx, input))) return;
        await appendAuditIn(tx, {
          actor: 'klartext',
          action: input.kind,
          subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
          details: { round: input.round, recipients: RECIPIENTS[input.kind] },
        });
      });
    },
    async finishCampaign(input: { campaignId: string; counts: Record<string, number> }): Promise<void> {
      await setCampaignStatus(pool, input.campaignId, 'COMPLETED');
    },
  };
}
