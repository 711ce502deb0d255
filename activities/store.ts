// Bookkeeping activities: the workflow's decisions, signatures, notifications and progress mirrored into the database.
import { createHash } from 'node:crypto';
import { setSegmentStatus, transitionCampaign } from '../db/campaign-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { recordDecision, scriptReviewWaitSeconds, type ReviewDecisionRecord } from '../db/review-repo.ts';
import { appendAuditIn, type AuditAction, type AuditInput } from '../db/audit-repo.ts';
import { RECIPIENTS, recordNotification, recordSignature, type ReviewNotificationKind } from '../db/signature-repo.ts';
import { closeDecidedRender, closeDecidedRound, markEscalated } from '../db/review-queue-repo.ts';
import { recordVideoReview, videoReviewWaitSeconds, type VideoReviewRecord } from '../db/video-review-repo.ts';
import { setSegmentScript } from '../db/withdrawal-repo.ts';
import { recordReaderSignOff } from '../db/reader-sign-off-repo.ts';
import type { ReaderSignOff } from '../shared/reader-sign-offs.ts';
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

export function createStoreActivities({ pool, onReviewDecision }: ActivityDeps) {
  // After the transaction, and only for a decision this attempt wrote: a retried activity observes nothing twice.
  const observeWait = async (
    subject: 'script' | 'video',
    decision: string,
    wait: () => Promise<number | undefined>,
  ) => {
    if (!onReviewDecision) return;
    const seconds = await wait().catch(() => undefined);
    if (seconds !== undefined && seconds >= 0) onReviewDecision(subject, decision, seconds);
  };
  return {
    /**
     * Also puts the segment on the review queue, or takes it off, in the same statement. `scriptSha256`: the version the segment now works on, which a claim withdrawal checks for
     * citations.
     */
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
      let written = false;
      await inTransaction(pool, async (tx) => {
        const inserted = recordDecision(tx, input);
        await withAudit(tx, inserted, by('review.decision', { decision, round, scriptSha256 }));
        written = await inserted;
        // A settled round leaves the queue with its decision, not later when the workflow moves the segment on.
        await closeDecidedRound(tx, input);
        if (!meaning || !claimSetSha256) return;
        // The signature covers exactly the text and the claim versions the reviewer read: one hash over both.
        const content = signedContent({ scriptSha256, claimSetSha256 });
        const signature = { ...input, ...content, meaning, signedAt: input.decidedAt };
        await withAudit(tx, recordSignature(tx, signature), by('review.signature', { role, meaning, ...content }));
      });
      if (written) await observeWait('script', decision, () => scriptReviewWaitSeconds(pool, input));
    },
    /** A reader's sign-off, its signed content hash and audit entry in one transaction; once per retried activity. */
    async recordReaderSignOff(input: ReaderSignOff & { campaignId: string; segmentId: string }): Promise<void> {
      const { kind, language, scriptSha256, meaning, role, round } = input;
      const content = signedContent({ kind, language, scriptSha256, meaning });
      await inTransaction(pool, async (tx) => {
        const details = { round, role, ...content };
        const written = recordReaderSignOff(tx, { ...input, contentSha256: content.contentSha256 });
        await withAudit(tx, written, auditBy(input)('review.reader-sign-off', details));
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
      let written = false;
      await inTransaction(pool, async (tx) => {
        const inserted = recordVideoReview(tx, { ...decision, ...signature });
        await withAudit(tx, inserted, auditBy(input)(action, details));
        written = await inserted;
        // One decision settles a render: it leaves the queue now, though the segment's status changes only after
        // the manifest is signed (acceptance) or the next render starts.
        await closeDecidedRender(tx, input);
      });
      if (written) await observeWait('video', input.decision, () => videoReviewWaitSeconds(pool, input));
    },
    async notifyReview(input: {
      campaignId: string;
      segmentId: string;
      round: number;
      kind: ReviewNotificationKind;
    }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        if (!(await recordNotification(tx, input))) return;
        if (input.kind === 'review.escalated') await markEscalated(tx, input);
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
