// claimWithdrawalWorkflow: a withdrawn claim stops every script and video that rests on it, in one audited cascade.
import { getExternalWorkflowHandle, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { revocationWorkflowId, segmentWorkflowId } from '../shared/task-queues.ts';
import type { ClaimWithdrawalOutcome, SentBackSegment } from '../shared/withdrawal.ts';
import { store } from './activities.ts';
import { claimWithdrawnSignal } from './messages.ts';
import { revocationWorkflow } from './revocation.ts';

export interface ClaimWithdrawalWorkflowInput {
  claimId: string;
  /** The withdrawn version's content hash (the workflow id names it too). */
  claimSha256: string;
  /** Shown to reviewers, channels and everyone who checks a retracted video's provenance. */
  reason: string;
  /** Who withdrew the claim (user id), for the audit log. */
  actor: string;
}

/**
 * Runs once per withdrawn claim version (its business key is the workflow id; the API starts it so that a finished
 * cascade is never run again). It plans from the database (audited), tells every segment in flight whose current
 * script cites the claim to go back to drafting (the segment voids its sign-offs, notifies its reviewers, redrafts or
 * blocks), starts the retraction of every published video citing the claim (one revocation per campaign, as before,
 * which marks them retracted and tells their channels), and records its outcome (audited). Every step is idempotent: a signal to a segment already redrafted changes nothing, a video
 * already retracted is not retracted again.
 */
export async function claimWithdrawalWorkflow(input: ClaimWithdrawalWorkflowInput): Promise<ClaimWithdrawalOutcome> {
  const { claimId } = input;
  const { workflowId } = workflowInfo();
  const plan = await store.planClaimWithdrawal({ workflowId, ...input });

  // Work in flight first: from here on no reviewer signs, and no video is rendered, against the withdrawn claim.
  const reached = await Promise.all(
    plan.sendBack.map(async (s): Promise<[SentBackSegment, boolean]> => {
      const segment = getExternalWorkflowHandle(segmentWorkflowId(s.campaignId, s.segmentId));
      // A segment workflow that closed meanwhile (cancelled, failed) has nothing left to stop.
      const running = await segment
        .signal(claimWithdrawnSignal, { claimId, reason: input.reason, withdrawalId: workflowId })
        .then(
          () => true,
          () => false,
        );
      return [s, running];
    }),
  );

  const reason = `Claim ${claimId} was withdrawn: ${input.reason}`;
  const videosRetracted = await Promise.all(
    plan.retract.map(async ({ campaignId, segmentIds }) => {
      // A business key per claim version: a cascade run again joins the same revocation while it runs.
      const id = revocationWorkflowId(campaignId, `claim-${claimId}-${input.claimSha256.slice(0, 16)}`);
      await startChild(revocationWorkflow, {
        workflowId: id,
        args: [{ campaignId, segmentIds, reason, actor: `claim/${claimId}` }],
        // Telling channels may take a day of retries at a slow receiver: the revocation goes on after the cascade
        // has reported, so the manager sees the outcome at once and follows the deliveries in the ledger.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }).catch((err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      });
      return { campaignId, videos: segmentIds.length, revocationWorkflowId: id };
    }),
  );

  const outcome: ClaimWithdrawalOutcome = {
    claimId,
    videosRetracted,
    segmentsSentBack: reached.filter(([s, running]) => running && !s.blockedConcern).map(([s]) => s),
    segmentsBlocked: reached.filter(([s, running]) => running && s.blockedConcern).map(([s]) => s),
    segmentsNotRunning: reached
      .filter(([, running]) => !running)
      .map(([s]) => ({ campaignId: s.campaignId, segmentId: s.segmentId })),
  };
  await store.finishClaimWithdrawal({ workflowId, actor: input.actor, outcome });
  return outcome;
}
