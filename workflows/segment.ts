// segmentWorkflow: one segment from draft through medical review, video and delivery to every channel.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
} from '@temporalio/workflow';
import type { ReviewDecision, ScriptEdit } from '../shared/types.ts';
import { store, video } from './activities.ts';
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
import { awaitDecision, DEFAULT_REVIEW_POLICY, type ReviewPolicy } from './review-wait.ts';
import { produceAcceptedVideo, setVideoHandlers } from './video-review.ts';

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
}

export interface SegmentWorkflowResult {
  segmentId: string;
  status: 'PUBLISHED' | 'REJECTED' | 'EXPIRED' | 'FAILED';
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
        store.setSegmentStatus({ campaignId: input.campaignId, segmentId: input.segmentId, status: 'CANCELLED' }),
      );
      await reportToCampaign(input.segmentId, 'CANCELLED');
      throw err;
    }
    // A permanent failure (bad input, rejected delivery), or a transient one that outlasted its activity's retry
    // bound, ends this segment only: the manager sees it as FAILED, and the workflow's failure says why.
    await store.setSegmentStatus({ campaignId: input.campaignId, segmentId: input.segmentId, status: 'FAILED' });
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
        await store.recordReviewDecision({ campaignId, segmentId, ...record, claimSetSha256: state.claimSetSha256 });
        return state;
      },
      {
        validator: (d: ReviewDecisionInput) =>
          validateDecision(state, d, decision as ReviewDecision, input.conflictedUserIds ?? []),
      },
    );
  }

  setVideoHandlers(state, { campaignId, segmentId }, input.conflictedUserIds ?? []);

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
    await store.setSegmentStatus({ campaignId, segmentId, status });
    return { segmentId, status, scriptSha256: state.scriptSha256, deliveryIds: [], ...extra };
  };

  let comments: string[] = [];
  let edits: ScriptEdit[] = [];
  for (;;) {
    state.round += 1;
    state.status = 'DRAFTING';
    // Queue and dashboard read the database: a script being redrafted is not waiting for a reviewer.
    await store.setSegmentStatus({ campaignId, segmentId, status: 'DRAFTING' });
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
    state.findings = { blocking: draft.blocking, warnings: draft.warnings };
    state.inReviewSince = new Date(Date.now()).toISOString();
    state.reminded = false;
    state.escalated = false;
    await store.setSegmentStatus({ campaignId, segmentId, status: 'IN_REVIEW' });
    state.status = 'IN_REVIEW';
    const decided = await awaitDecision(state, input.reviewPolicy ?? DEFAULT_REVIEW_POLICY, { campaignId, segmentId });
    if (!decided) {
      state.status = 'EXPIRED';
      return finish('EXPIRED');
    }
    const outcome = roundOutcome(state);
    if (outcome === 'REJECTED') {
      state.status = 'REJECTED';
      return finish('REJECTED');
    }
    if (outcome === 'APPROVED') break;
    comments = state.decisions.filter((d) => d.round === state.round && d.comment).map((d) => d.comment);
    edits = state.decisions.filter((d) => d.round === state.round).flatMap((d) => d.edits ?? []);
    if (state.round - (input.earlier?.rounds ?? 0) >= (input.maxRounds ?? 10)) {
      state.status = 'FAILED';
      return finish('FAILED');
    }
  }

  const approvals = state.decisions.filter((d) => d.round === state.round && d.decision === 'APPROVED');
  const policy = input.reviewPolicy ?? DEFAULT_REVIEW_POLICY;
  let renders = input.earlier?.renders ?? 0;
  let rendered: Awaited<ReturnType<typeof produceAcceptedVideo>>;
  for (;;) {
    try {
      rendered = await produceAcceptedVideo(state, { campaignId, segmentId }, policy, renders, unpaused);
      break;
    } catch (err) {
      // Out of video budget: wait (as long as a review may) for a manager to raise it, then render again.
      if (!isBudgetExceeded(err)) throw err;
      const raises = budgetRaises;
      state.held = 'budget';
      const raised = await condition(() => budgetRaises > raises, Math.max(1, policy.expireAfterMs));
      delete state.held;
      if (!raised) throw err;
      renders = state.video?.attempt ?? renders;
    }
  }
  if (rendered === 'EXPIRED' || rendered === 'FAILED') {
    state.status = rendered;
    return finish(rendered);
  }
  // Accepted: the workflow is past review at once, even while the manifest is being signed.
  state.status = 'PUBLISHING';
  await video.writeManifest({ campaignId, segmentId, generationKey: rendered.generationKey, approvals });

  await store.setSegmentStatus({ campaignId, segmentId, status: 'PUBLISHING' });
  const deliveries = await deliverAll(
    channelIds.map((channelId) => ({
      campaignId,
      segmentId,
      channelId,
      generationKey: rendered.generationKey,
      // A re-run replacing an earlier published video tells channels which copy to swap.
      ...(input.replacesVideoSha256 && input.replacesVideoSha256 !== rendered.videoSha256
        ? { eventType: 'video.replaced' as const, replacesVideoSha256: input.replacesVideoSha256 }
        : {}),
    })),
  );
  state.status = 'PUBLISHED';
  const deliveryIds = deliveries.flatMap((d) => (d.deliveryId ? [d.deliveryId] : []));
  return finish('PUBLISHED', { videoSha256: rendered.videoSha256, deliveryIds });
}
