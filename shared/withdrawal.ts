// What a claim withdrawal reaches and what it did: shared by its workflow, activities, the API and the CLI.

/** A segment still being worked on whose current script cites a withdrawn claim. */
export interface InFlightCitation {
  campaignId: string;
  segmentId: string;
  status: string;
  scriptSha256: string;
}

/** A segment the withdrawal sent back to drafting; `blockedConcern` when no approved claim answers it any more. */
export interface SentBackSegment {
  campaignId: string;
  segmentId: string;
  /** Where the segment stood when it was sent back (DRAFTING, IN_REVIEW, RENDERING, VIDEO_REVIEW). */
  status: string;
  scriptSha256: string;
  blockedConcern?: string;
}

/** The cascade's plan: published videos to retract (per campaign) and segments in flight to send back. */
export interface ClaimWithdrawalPlan {
  retract: { campaignId: string; segmentIds: string[] }[];
  sendBack: SentBackSegment[];
}

/** What one withdrawal cascade did, as the manager is shown it. */
export interface ClaimWithdrawalOutcome {
  claimId: string;
  /** Per campaign, its published videos citing the claim, retracted by the revocation workflow named. */
  videosRetracted: { campaignId: string; videos: number; revocationWorkflowId: string }[];
  segmentsSentBack: SentBackSegment[];
  segmentsBlocked: SentBackSegment[];
  /** Segments planned to be sent back whose workflow had already closed (nothing left to stop). */
  segmentsNotRunning: { campaignId: string; segmentId: string }[];
}

/** The line a reviewer and the manager read about a segment sent back. */
export function sentBackMessage(claimId: string, blockedConcern?: string): string {
  return blockedConcern
    ? `Blocked: claim ${claimId} was withdrawn and no approved claim answers the concern '${blockedConcern}' any more.`
    : `Sent back: claim ${claimId} withdrawn; the script is redrafted without it.`;
}
