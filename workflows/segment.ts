// segmentWorkflow: one segment from draft through medical review, video and delivery to every channel.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
} from '@temporalio/workflow';
import type { RenderVideoResult } from '../activities/videos.ts';
import type { ReviewDecision, ScriptEdit } from '../shared/types.ts';
import { store, video } from './activities.ts';
import { setLanguage, setStage } from './stage.ts';
import { reportToCampaign } from './campaign-report.ts';
import { deliverAll } from './delivery.ts';
import { draftRound } from './drafting.ts';
import {
  approveUpdate,
  budgetRaisedSignal,
  campaignPausedSignal,
  channelsLinkedSignal,
  rejectUpdate,
  requestChangesUpdate,
  reviewStateQuery,
  type ReviewDecisionInput,
  type ReviewState,
} from './messages.ts';
import { recordDecision, roundOutcome, validateDecision } from './review.ts';
import { refuseMissingSignOffs, setReaderSignOffHandler } from './reader-sign-off.ts';
import { awaitDecision, DEFAULT_REVIEW_POLICY, type ReviewPolicy } from './review-wait.ts';
import { sendBack, setWithdrawalHandler, settleWithdrawals, withdrawalPending } from './send-back.ts';
import { produceAcceptedVideo, setVideoHandlers } from './video-review.ts';
import { awaitVariantSchedule, type VariantSchedule } from './variant-schedule.ts';

export interface SegmentWorkflowInput {
  campaignId: string;
  segmentId: string;
  approvalsRequired: number;
  /** Automatic redrafts on blocking pre-review findings, per round (default 2). */
  maxAutoRedrafts?: number;
  channelIds: string[];
  /** Review SLA: reminder, escalation to lead reviewers, expiry (ms after a version enters review). */
  reviewPolicy?: ReviewPolicy;
  /** Users who may not review this segment: the campaign's manager and the script's authors. */
  conflictedUserIds?: string[];
  maxRounds?: number;
  /** Set when this run replaces a published video: channels get `video.replaced` naming it. */
  replacesVideoSha256?: string;
  /** Review rounds and renders of earlier runs of this segment: a new run continues their numbering. */
  earlier?: { rounds: number; renders: number };
  /** The campaign was paused when it started this segment: no draft until it is resumed. */
  paused?: boolean;
  /** Script variants split by schedule: when this run's video may go out (workflows/variant-schedule.ts). */
  schedule?: VariantSchedule;
}

export interface SegmentWorkflowResult {
  segmentId: string;
  status: 'PUBLISHED' | 'REJECTED' | 'EXPIRED' | 'FAILED' | 'BLOCKED';
  /**
   * Why a BLOCKED segment stopped (the withdrawn claim and the concern nothing answers any more), or why a PUBLISHED
   * script variant was not delivered (its schedule had passed).
   */
  reason?: string;
  scriptSha256?: string;
  videoSha256?: string;
  deliveryIds: string[];
}

/** Drafts, waits for sign-off, renders and publishes one segment's video. Carries ids only, never content. */
export async function segmentWorkflow(input: SegmentWorkflowInput): Promise<SegmentWorkflowResult> {
  try {
    const result = await runSegment(input);
    await reportToCampaign(input.segmentId, result.status);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      // A cancelled campaign stops its segments where they are; the record says so, so no queue keeps offering them.
      await CancellationScope.nonCancellable(() =>
        setStage({ campaignId: input.campaignId, segmentId: input.segmentId, status: 'CANCELLED' }),
      );
      await reportToCampaign(input.segmentId, 'CANCELLED');
      throw err;
    }
    // A permanent failure (bad input, rejected delivery), or a transient one that outlasted its activity's retry
    // bound, ends this segment only: the manager sees it as FAILED, and the workflow's failure says why.
    await setStage({ campaignId: input.campaignId, segmentId: input.segmentId, status: 'FAILED' });
    await reportToCampaign(input.segmentId, 'FAILED');
    throw ApplicationFailure.create({
      type: 'SegmentFailed',
      message: failureReason(input.segmentId, err),
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }
}

/** Whether a render stopped because the campaign's video budget would be exceeded. */
function isBudgetExceeded(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === 'BudgetExceededError'
  );
}

/** One line saying which step of the segment failed and why: the activity, whether its retries ran out, the cause. */
export function failureReason(segmentId: string, err: unknown): string {
  if (err instanceof ActivityFailure) {
    const why = err.cause?.message ?? err.message;
    const bound =
      err.retryState === 'MAXIMUM_ATTEMPTS_REACHED'
        ? ' after its last allowed attempt'
        : err.retryState === 'TIMEOUT'
          ? ' when its time for retries ran out'
          : '';
    return `Segment ${segmentId} failed: ${err.activityType} gave up${bound}: ${why}`;
  }
  return `Segment ${segmentId} failed: ${err instanceof Error ? err.message : String(err)}`;
}

async function runSegment(input: SegmentWorkflowInput): Promise<SegmentWorkflowResult> {
  const { campaignId, segmentId } = input;
  const state: ReviewState = {
    status: 'DRAFTING',
    round: input.earlier?.rounds ?? 0,
    approvalsRequired: input.approvalsRequired,
    decisions: [],
  };
  setHandler(reviewStateQuery, () => state);
  for (const [update, decision] of [
    [approveUpdate, 'APPROVED'],
    [requestChangesUpdate, 'CHANGES_REQUESTED'],
    [rejectUpdate, 'REJECTED'],
  ] as const) {
    setHandler(
      update,
      async (d: ReviewDecisionInput) => {
        const record = recordDecision(state, d, decision);
        await store.recordReviewDecision({
          campaignId,
          segmentId,
          ...record,
          claimSetSha256: state.claimSetSha256,
        });
        return state;
      },
      {
        validator: (d: ReviewDecisionInput) => {
          validateDecision(state, d, decision as ReviewDecision, input.conflictedUserIds ?? []);
          // The workflow is the authority: an approval counts only once the readers the policy asks for signed.
          if (decision === 'APPROVED') refuseMissingSignOffs(state, d);
        },
      },
    );
  }
  setReaderSignOffHandler(state, { campaignId, segmentId }, input.conflictedUserIds ?? []);

  setVideoHandlers(state, { campaignId, segmentId }, input.conflictedUserIds ?? []);
  setWithdrawalHandler(state);

  // Steering from the campaign: a paused campaign submits no provider job (draft or render) until it is resumed;
  // reviews in progress go on. Channels linked late are delivered to as well.
  let paused = input.paused ?? false;
  let budgetRaises = 0;
  const channelIds = [...input.channelIds];
  setHandler(campaignPausedSignal, (s) => void (paused = s.paused));
  setHandler(budgetRaisedSignal, () => void (budgetRaises += 1));
  setHandler(channelsLinkedSignal, (s) => {
    for (const id of s.channelIds) if (!channelIds.includes(id)) channelIds.push(id);
  });
  const unpaused = async () => {
    if (!paused) return;
    state.held = 'paused';
    await condition(() => !paused);
    delete state.held;
  };

  const finish = async (status: SegmentWorkflowResult['status'], extra: Partial<SegmentWorkflowResult> = {}) => {
    // Let in-flight decision handlers record themselves before the workflow closes.
    await condition(allHandlersFinished);
    await setStage({ campaignId, segmentId, status });
    return { segmentId, status, scriptSha256: state.scriptSha256, deliveryIds: [], ...extra };
  };

  let comments: string[] = [];
  let edits: ScriptEdit[] = [];
  const policy = input.reviewPolicy ?? DEFAULT_REVIEW_POLICY;
  let renders = input.earlier?.renders ?? 0;
  const outOfRounds = () => state.round - (input.earlier?.rounds ?? 0) >= (input.maxRounds ?? 10);
  let rendered: RenderVideoResult;
  for (;;) {
    state.round += 1;
    state.status = 'DRAFTING';
    // Queue and dashboard read the database: a script being redrafted is not waiting for a reviewer.
    await setStage({ campaignId, segmentId, status: 'DRAFTING' });
    await unpaused();
    const draft = await draftRound({
      campaignId,
      segmentId,
      round: state.round,
      reviewerComments: comments,
      edits,
      previousSha256: state.scriptSha256,
      maxAutoRedrafts: input.maxAutoRedrafts ?? 2,
    });
    state.scriptSha256 = draft.scriptSha256;
    state.claimSetSha256 = draft.claimSetSha256;
    setLanguage(draft.language);
    if (draft.claimIds) state.claimIds = draft.claimIds;
    else delete state.claimIds;
    settleWithdrawals(state);
    state.findings = { blocking: draft.blocking, warnings: draft.warnings };
    // Each version starts without reader sign-offs: those on the previous one are void with it.
    if (patched('reader-sign-offs')) {
      if (draft.signOffs) state.signOffs = { required: draft.signOffs, given: [] };
      else delete state.signOffs;
    }
    state.inReviewSince = new Date(Date.now()).toISOString();
    state.reminded = false;
    state.escalated = false;
    // A draft begun before a withdrawal may still cite the claim: it goes back at once, without waiting for review.
    if (!withdrawalPending(state)) {
      await setStage({ campaignId, segmentId, status: 'IN_REVIEW', scriptSha256: draft.scriptSha256 });
      state.status = 'IN_REVIEW';
      if (!(await awaitDecision(state, policy, { campaignId, segmentId }))) {
        state.status = 'EXPIRED';
        return finish('EXPIRED');
      }
    }
    let outcome = withdrawalPending(state) ? undefined : roundOutcome(state);
    if (outcome === 'REJECTED') {
      state.status = 'REJECTED';
      return finish('REJECTED');
    }
    if (outcome === 'CHANGES_REQUESTED') {
      comments = state.decisions.filter((d) => d.round === state.round && d.comment).map((d) => d.comment);
      edits = state.decisions.filter((d) => d.round === state.round).flatMap((d) => d.edits ?? []);
    }
    if (outcome === 'APPROVED') {
      const video = await renderApproved();
      if (video !== 'SENT_BACK') {
        if (video === 'EXPIRED' || video === 'FAILED') {
          state.status = video;
          return finish(video);
        }
        rendered = video;
        break;
      }
      outcome = undefined;
    }
    if (outcome === undefined) {
      // A claim the version cites was withdrawn: its sign-offs are void and the next round is drafted without it.
      const sent = await sendBack(state, { campaignId, segmentId });
      if (sent.blocked) {
        state.status = 'BLOCKED';
        return finish('BLOCKED', { reason: sent.message });
      }
      comments = [sent.reason];
      edits = [];
    }
    if (outOfRounds()) {
      state.status = 'FAILED';
      return finish('FAILED');
    }
  }

  /** Renders the approved version until a reviewer accepts a video; 'SENT_BACK' when a withdrawal reached it first. */
  async function renderApproved(): Promise<RenderVideoResult | 'EXPIRED' | 'FAILED' | 'SENT_BACK'> {
    for (;;) {
      try {
        const video = await produceAcceptedVideo(state, { campaignId, segmentId }, policy, renders, unpaused);
        renders = state.video?.attempt ?? renders;
        return video;
      } catch (err) {
        // Out of video budget: wait (as long as a review may) for a manager to raise it, then render again.
        if (!isBudgetExceeded(err)) throw err;
        renders = state.video?.attempt ?? renders;
        const raises = budgetRaises;
        state.held = 'budget';
        const woken = await condition(
          () => budgetRaises > raises || withdrawalPending(state),
          Math.max(1, policy.expireAfterMs),
        );
        delete state.held;
        if (withdrawalPending(state)) return 'SENT_BACK';
        if (!woken) throw err;
      }
    }
  }

  const approvals = state.decisions.filter((d) => d.round === state.round && d.decision === 'APPROVED');
  // Accepted: the workflow is past review at once, even while the manifest is being signed.
  state.status = 'PUBLISHING';
  await video.writeManifest({ campaignId, segmentId, generationKey: rendered.generationKey, approvals });

  await setStage({ campaignId, segmentId, status: 'PUBLISHING' });
  // A script variant split by schedule goes out at its time only; without one this issues no command.
  const scheduled = input.schedule
    ? await awaitVariantSchedule(input.schedule, state, { campaignId, segmentId })
    : undefined;
  if (scheduled && !scheduled.deliver) {
    const status = scheduled.blocked ? 'BLOCKED' : 'PUBLISHED';
    state.status = status;
    return finish(status, { videoSha256: rendered.videoSha256, reason: scheduled.reason });
  }
  const replacesVideoSha256 = scheduled?.replacesVideoSha256 ?? input.replacesVideoSha256;
  const deliveries = await deliverAll(
    channelIds.map((channelId) => ({
      campaignId,
      segmentId,
      channelId,
      generationKey: rendered.generationKey,
      // A re-run replacing an earlier published video (or variant B replacing A on schedule) tells channels which
      // copy to swap.
      ...(replacesVideoSha256 && replacesVideoSha256 !== rendered.videoSha256
        ? { eventType: 'video.replaced' as const, replacesVideoSha256 }
        : {}),
    })),
  );
  state.status = 'PUBLISHED';
  const deliveryIds = deliveries.flatMap((d) => (d.deliveryId ? [d.deliveryId] : []));
  return finish('PUBLISHED', { videoSha256: rendered.videoSha256, deliveryIds });
}
