// Claim withdrawal bookkeeping: what a withdrawn claim reaches, sending a segment back, and the cascade's record.
import { appendAuditIn } from '../db/audit-repo.ts';
import { getSegment, listCampaignClaims } from '../db/campaign-repo.ts';
import { inTransaction, type Queryable } from '../db/pool.ts';
import { listEndorsedCiting } from '../db/revocation-repo.ts';
import { recordNotification, RECIPIENTS } from '../db/signature-repo.ts';
import {
  listInFlightCiting,
  recordSendBack,
  recordWithdrawalOutcome,
  recordWithdrawalPlan,
  voidSignOffs,
  withdrawnClaimIds,
} from '../db/withdrawal-repo.ts';
import { concernsLeftUnanswered } from '../shared/claims.ts';
import type { ClaimWithdrawalOutcome, ClaimWithdrawalPlan } from '../shared/withdrawal.ts';
import type { ActivityDeps } from './deps.ts';

export interface PlanClaimWithdrawalInput {
  workflowId: string;
  claimId: string;
  claimSha256: string;
  reason: string;
  actor: string;
}

export interface SendBackSegmentInput {
  campaignId: string;
  segmentId: string;
  /** The round being sent back, and the version its reviewers had. */
  round: number;
  scriptSha256: string;
  claimIds: string[];
  reason: string;
}

/**
 * The first of the segment's concerns that a withdrawn claim answered and no other approved claim of its campaign
 * answers any more, naming the claim; undefined when a redraft can answer every concern the script answered.
 */
export async function blockedBy(
  db: Queryable,
  ids: { campaignId: string; segmentId: string },
  claimIds: readonly string[],
): Promise<{ claimId: string; concern: string } | undefined> {
  const segment = await getSegment(db, ids.campaignId, ids.segmentId);
  if (!segment) return undefined;
  const claims = await listCampaignClaims(db, ids.campaignId);
  const withdrawn = await withdrawnClaimIds(
    db,
    claims.map((c) => c.id),
  );
  const remaining = claims.filter((c) => !withdrawn.has(c.id));
  const today = new Date().toISOString().slice(0, 10);
  for (const claimId of claimIds) {
    const claim = claims.find((c) => c.id === claimId);
    const concern = claim ? concernsLeftUnanswered(claim, remaining, segment, today)[0] : undefined;
    if (concern) return { claimId, concern };
  }
  return undefined;
}

export function createWithdrawalActivities({ pool }: ActivityDeps) {
  return {
    /** Published videos citing the claim and segments in flight whose current script cites it; audited once. */
    async planClaimWithdrawal(input: PlanClaimWithdrawalInput): Promise<ClaimWithdrawalPlan> {
      return inTransaction(pool, async (tx) => {
        const retract = await listEndorsedCiting(tx, input.claimId);
        const sendBack = [];
        for (const s of await listInFlightCiting(tx, input.claimId)) {
          const blocked = await blockedBy(tx, s, [input.claimId]);
          sendBack.push({ ...s, ...(blocked ? { blockedConcern: blocked.concern } : {}) });
        }
        const plan = { retract, sendBack };
        if (await recordWithdrawalPlan(tx, { ...input, planned: plan })) {
          await appendAuditIn(tx, {
            actor: input.actor,
            action: 'claim.withdrawal.planned',
            subject: `claim/${input.claimId}`,
            details: {
              workflowId: input.workflowId,
              claimSha256: input.claimSha256,
              campaignsRetracting: retract.map((r) => r.campaignId),
              segmentsSentBack: sendBack.map((s) => `${s.campaignId}/${s.segmentId}`),
            },
          });
        }
        return plan;
      });
    },

    /**
     * Sends a segment's round back: its sign-offs are voided (kept, marked), its reviewers notified, and the send-back
     * recorded and audited, all once however often a retry runs it. Says whether a redraft can do without the claims.
     */
    async sendBackSegment(input: SendBackSegmentInput): Promise<{ blocked?: { claimId: string; concern: string } }> {
      const { campaignId, segmentId, round, scriptSha256 } = input;
      const subject = `campaign/${campaignId}/segment/${segmentId}`;
      return inTransaction(pool, async (tx) => {
        const blocked = await blockedBy(tx, input, input.claimIds);
        const voided = await voidSignOffs(tx, input, input.reason);
        for (const claimId of input.claimIds) {
          const record = {
            ...input,
            claimId,
            ...(blocked?.claimId === claimId ? { blockedConcern: blocked.concern } : {}),
          };
          if (!(await recordSendBack(tx, record))) continue;
          const details = { claimId, round, scriptSha256, voidedSignOffs: voided, reason: input.reason };
          await appendAuditIn(tx, { actor: `claim/${claimId}`, action: 'segment.sent-back', subject, details });
          if (record.blockedConcern) {
            await appendAuditIn(tx, {
              actor: `claim/${claimId}`,
              action: 'segment.blocked',
              subject,
              details: { claimId, concern: record.blockedConcern, round },
            });
          }
        }
        const kind = 'review.sent-back' as const;
        if (await recordNotification(tx, { campaignId, segmentId, round, kind })) {
          await appendAuditIn(tx, {
            actor: 'klartext',
            action: kind,
            subject,
            details: { round, recipients: RECIPIENTS[kind], claimIds: input.claimIds },
          });
        }
        return blocked ? { blocked } : {};
      });
    },

    /** Records what the cascade did, once; the manager reads it from the API, the CLI and the claims page. */
    async finishClaimWithdrawal(input: {
      workflowId: string;
      actor: string;
      outcome: ClaimWithdrawalOutcome;
    }): Promise<void> {
      const { outcome } = input;
      await inTransaction(pool, async (tx) => {
        if (!(await recordWithdrawalOutcome(tx, input.workflowId, outcome))) return;
        await appendAuditIn(tx, {
          actor: input.actor,
          action: 'claim.withdrawal.completed',
          subject: `claim/${outcome.claimId}`,
          details: {
            workflowId: input.workflowId,
            videosRetracted: outcome.videosRetracted.reduce((n, r) => n + r.videos, 0),
            segmentsSentBack: outcome.segmentsSentBack.length,
            segmentsBlocked: outcome.segmentsBlocked.map((s) => `${s.campaignId}/${s.segmentId}`),
            segmentsNotRunning: outcome.segmentsNotRunning.length,
          },
        });
      });
    },
  };
}
