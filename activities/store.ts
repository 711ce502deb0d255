// Bookkeeping activities: the workflow's decisions, signatures, notifications and progress mirrored into the database.
import { createHash } from 'node:crypto';
import { setSegmentStatus, transitionCampaign } from '../db/campaign-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { recordDecision, type ReviewDecisionRecord } from '../db/review-repo.ts';
import { appendAuditIn, type AuditAction, type AuditInput } from '../db/audit-repo.ts';
import { RECIPIENTS, recordNotification, recordSignature, type ReviewNotificationKind } from '../db/signature-repo.ts';
import { setSegmentScript } from '../db/withdrawal-repo.ts';
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

/** What a signature covers, with the SHA-256 over its canonical JSON: the hash a verifier recomputes. */
function signedContent<C extends object>(content: C): C & { contentSha256: string } {
  return { ...content, contentSha256: createHash('sha256').update(canonicalJson(content)).digest('hex') };
}

/** Audit entries for one reviewer's decision on one segment. */
function auditBy(input: { reviewerId: string; campaignId: string; segmentId: string }) {
  const subject = `campaign/${input.campaignId}/segment/${input.segmentId}`;
  return (action: AuditAction, details: Record<string, unknown>): AuditInput => ({
    actor: input.reviewerId,
    action,
    subject,
    details,
  });
}

/** Audit entries are appended only with the row they describe, so a retried activity logs nothing twice. */
async function withAudit(
  tx: Parameters<typeof appendAuditIn>[0],
  written: Promise<boolean>,
  entry: AuditInput,
): Promise<void> {
  if (await written) await appendAuditIn(tx, entry);
}

export function createStoreActivities({ pool }: ActivityDeps) {
  return {
    /** `scriptSha256`: the version the segment now works on, which a claim withdrawal checks for citations. */
    async setSegmentStatus(input: {
      campaignId: string;
      segmentId: string;
      status: SegmentStatus;
      scriptSha256?: string;
    }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        await setSegmentStatus(tx, input.campaignId, input.segmentId, input.status);
        if (input.scriptSha256) await setSegmentScript(tx, input.campaignId, input.segmentId, input.scriptSha256);
      });
    },
    async recordReviewDecision(input: RecordReviewDecisionInput): Promise<void> {
      const by = auditBy(input);
      const { decision, round, scriptSha256, role, signatureMeaning: meaning, claimSetSha256 } = input;
      await inTransaction(pool, async (tx) => {
        await withAudit(tx, recordDecision(tx, input), by('review.decision', { decision, round, scriptSha256 }));
        if (!meaning || !claimSetSha256) return;
        // The signature covers exactly the text and the claim versions the reviewer read: one hash over both.
        const content = signedContent({ scriptSha256, claimSetSha256 });
        const signature = { ...input, ...content, meaning, signedAt: input.decidedAt };
        await withAudit(tx, recordSignature(tx, signature), by('review.signature', { role, meaning, ...content }));
      });
    },
    async recordVideoDecision(input: RecordVideoDecisionInput): Promise<void> {
      const { signatureMeaning: meaning, ...decision } = input;
      // An acceptance signs the exact video bytes, the approved script they show, and how they were generated.
      const { videoSha256, scriptSha256, generationKey } = input;
      const content = { videoSha256, scriptSha256, generationKey };
      const signature = meaning ? { meaning, contentSha256: signedContent(content).contentSha256 } : undefined;
      const details = {
        decision: input.decision,
        attempt: input.attempt,
        ...content,
        ...(signature ? { role: input.role, ...signature } : {}),
        ...(input.comment ? { comment: input.comment } : {}),
      };
      const action = signature ? 'video.signature' : 'video.decision';
      await inTransaction(pool, (tx) =>
        withAudit(tx, recordVideoReview(tx, { ...decision, ...signature }), auditBy(input)(action, details)),
      );
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
      // Only a running campaign completes: one cancelled while its last segments finished stays CANCELLED.
      await transitionCampaign(pool, input.campaignId, 'RUNNING', 'COMPLETED');
    },
  };
}
