// Updates and queries of the segment and campaign workflows; their string names live in history, so never rename.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ScriptEdit, SegmentStatus } from '../shared/types.ts';
import type { RecordedDecision, RecordedVideoDecision, SignOffInput } from '../review/sign-off.ts';
import type { ReaderSignOff, ReaderSignOffKind, SignOffRequirement } from '../shared/reader-sign-offs.ts';

export type { RecordedDecision, RecordedVideoDecision, VideoDecision } from '../review/sign-off.ts';

/** A decision on a script: it binds to the script version the reviewer read. */
export interface ReviewDecisionInput extends SignOffInput {
  scriptSha256: string;
  /** Per-scene comments for a change request, keyed by scene index. */
  sceneComments?: Record<string, string>;
  /** Concrete edits for a change request (indexes into this version); applied to it in the next version. */
  edits?: ScriptEdit[];
}

export interface ReviewState {
  status: SegmentStatus;
  scriptSha256?: string;
  round: number;
  approvalsRequired: number;
  decisions: RecordedDecision[];
  /** Pre-review findings of the current version (details are stored with the version). */
  findings?: { blocking: number; warnings: number };
  /** SHA-256 over the cited claims' versions: a signature binds to the script and the claims it rests on. */
  claimSetSha256?: string;
  /** When the current version entered review (workflow time, ISO). */
  inReviewSince?: string;
  reminded?: boolean;
  /** Lead reviewers were alerted: the script waited past the campaign's escalation time. */
  escalated?: boolean;
  /**
   * Why the segment stands still: the campaign is paused or out of video budget (before its next draft or render), or
   * its video, a script variant, waits for the time the campaign set for it (before delivery).
   */
  held?: 'paused' | 'budget' | 'schedule';
  /** The rendered video awaiting (or past) video review; `attempt` counts renders of the approved script. */
  video?: { sha256: string; generationKey: string; attempt: number; durationSeconds: number };
  videoDecisions?: RecordedVideoDecision[];
  /** The claims the current version cites (absent for versions drafted before this was recorded). */
  claimIds?: string[];
  /** Withdrawals that reached this segment and are not yet acted on: the segment goes back to drafting. */
  withdrawals?: ClaimWithdrawnInput[];
  /** The last time the segment was sent back: reviewers are shown why the version they had is gone. */
  sentBack?: SentBack;
  /**
   * The reader sign-offs the current version needs before a medical approval counts, and those given on it (a new
   * version starts with none). Absent on versions drafted before the policy existed.
   */
  signOffs?: { required: SignOffRequirement; given: ReaderSignOff[] };
}

/** A language reviewer's or test reader's sign-off of the script version they read (a signature). */
export interface ReaderSignOffInput extends SignOffInput {
  kind: ReaderSignOffKind;
  scriptSha256: string;
}

/** A claim withdrawn from the library: the withdrawal cascade tells each segment whose script cites it. */
export interface ClaimWithdrawnInput {
  claimId: string;
  reason: string;
  /** The withdrawal cascade's workflow id. */
  withdrawalId: string;
}

/** Why a segment's version was sent back; `blocked` when no approved claim answers a concern of it any more. */
export interface SentBack {
  claimIds: string[];
  round: number;
  scriptSha256: string;
  reason: string;
  at: string;
  message: string;
  blocked?: { claimId: string; concern: string };
}

/** A reviewer's verdict on the rendered video: it binds to the video bytes the reviewer watched. */
export interface VideoDecisionInput extends SignOffInput {
  videoSha256: string;
}

export interface CampaignProgress {
  total: number;
  started: number;
  finished: number;
  counts: Record<string, number>;
  /** Segments started and not yet finished: drafting, in review, or being produced and published. */
  open?: number;
  /** A manager paused the campaign: no segment starts and no provider job is submitted until it is resumed. */
  paused?: boolean;
  /** The video budget (seconds) as last raised while the campaign ran; absent: as launched. */
  budgetSeconds?: number;
  /** Channels linked after launch: segments published from then on deliver to them too. */
  lateChannelIds?: string[];
}

/** Who steers a running campaign, and why (recorded in the audit log by the caller). */
export interface CampaignSteeringInput {
  actor: string;
  reason?: string;
}

/** A raised video budget: `budgetSeconds` is the new total, already stored for the campaign. */
export interface RaiseBudgetInput extends CampaignSteeringInput {
  budgetSeconds: number;
}

/** Channels linked to a running campaign after launch. */
export interface LinkChannelsInput extends CampaignSteeringInput {
  channelIds: string[];
}

/** Approve the current script version (medically accurate and appropriate for this audience). */
export const approveUpdate = defineUpdate<ReviewState, [ReviewDecisionInput]>('approve');
/** Send the script back for a new draft, with comments. */
export const requestChangesUpdate = defineUpdate<ReviewState, [ReviewDecisionInput]>('requestChanges');
/** Reject the segment's script for good: no video is produced. */
export const rejectUpdate = defineUpdate<ReviewState, [ReviewDecisionInput]>('reject');
/** A language reviewer or test reader signs the current script version off (needed before approvals count). */
export const readerSignOffUpdate = defineUpdate<ReviewState, [ReaderSignOffInput]>('readerSignOff');
/** Accept the rendered video for publication (a signature, like the script sign-off). */
export const acceptVideoUpdate = defineUpdate<ReviewState, [VideoDecisionInput]>('acceptVideo');
/** Ask for a new render of the same approved script, with a comment saying what is wrong with the video. */
export const requestRerenderUpdate = defineUpdate<ReviewState, [VideoDecisionInput]>('requestRerender');
export const reviewStateQuery = defineQuery<ReviewState>('reviewState');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
/** Pause a running campaign: no new segment starts; running segments stop before their next provider job. */
export const pauseCampaignUpdate = defineUpdate<CampaignProgress, [CampaignSteeringInput]>('pauseCampaign');
/** Resume a paused campaign where it stopped. */
export const resumeCampaignUpdate = defineUpdate<CampaignProgress, [CampaignSteeringInput]>('resumeCampaign');
/** Raise the campaign's video budget; segments that stopped at the old budget render again. */
export const raiseBudgetUpdate = defineUpdate<CampaignProgress, [RaiseBudgetInput]>('raiseBudget');
/** Add channels to a running campaign: segments not yet published deliver to them as well. */
export const linkChannelsUpdate = defineUpdate<CampaignProgress, [LinkChannelsInput]>('linkChannels');
/** From a campaign to its running segments: whether the campaign is paused now. */
export const campaignPausedSignal = defineSignal<[{ paused: boolean }]>('campaignPaused');
/** From a campaign to its running segments: the video budget was raised, a render stopped by it may try again. */
export const budgetRaisedSignal = defineSignal<[{ budgetSeconds: number }]>('budgetRaised');
/**
 * From a claim withdrawal to a segment whose current script cites the claim: its sign-offs are void and it goes back
 * to drafting, wherever it stands before publication (drafting, in review, approved and rendering, in video check).
 */
export const claimWithdrawnSignal = defineSignal<[ClaimWithdrawnInput]>('claimWithdrawn');
/** From a campaign to its running segments: channels linked after launch. */
export const channelsLinkedSignal = defineSignal<[{ channelIds: string[] }]>('channelsLinked');
/** From a segment to the campaign that started it: how it ended (a campaign counts each segment once). */
export const segmentFinishedSignal = defineSignal<[SegmentFinished]>('segmentFinished');
/**
 * From a segment to its campaign: its accepted video waits for the time a schedule split set (a script variant), so
 * it needs no review or render slot any more; it still reports its end.
 */
export const segmentScheduledSignal = defineSignal<[{ segmentId: string }]>('segmentScheduled');

/** A segment's report to its campaign: its end status (PUBLISHED, REJECTED, EXPIRED, FAILED or CANCELLED). */
export interface SegmentFinished {
  segmentId: string;
  status: string;
}
