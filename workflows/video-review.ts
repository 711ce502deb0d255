// Video review for the segment workflow: render, wait for a reviewer to accept the video or ask for a re-render.
import { condition, setHandler } from '@temporalio/workflow';
import type { RenderVideoResult } from '../activities/videos.ts';
import { signedDecision, validateSignOff, type SignOffRules } from '../review/sign-off.ts';
import { store, video } from './activities.ts';
import { setStage } from './stage.ts';
import {
  acceptVideoUpdate,
  requestRerenderUpdate,
  type RecordedVideoDecision,
  type ReviewState,
  type VideoDecision,
  type VideoDecisionInput,
} from './messages.ts';
import { refuseWithdrawn } from './review.ts';
import type { ReviewPolicy } from './review-wait.ts';
import { withdrawalPending } from './send-back.ts';

/** Renders of one approved script before the segment fails: a video that will not come right needs a person. */
export const MAX_RENDERS = 5;

const VIDEO_RULES: SignOffRules<ReviewState, VideoDecisionInput, VideoDecision> = {
  reviewerAction: 'accept videos',
  conflictObject: 'its video',
  waiting: (state) => state.status === 'VIDEO_REVIEW' && state.video !== undefined,
  notWaiting: 'This segment has no video waiting for review',
  named: (input) => input.videoSha256,
  current: (state) => state.video?.sha256,
  stale: { noun: 'video', current: 'current render', reload: 'Reload the page and watch the current video.' },
  decidedBy: (state, id) =>
    (state.videoDecisions ?? []).some((d) => d.attempt === state.video?.attempt && d.reviewerId === id),
  decidedOn: 'this video',
  commentRequired: {
    decision: 'RERENDER_REQUESTED',
    given: (input) => Boolean(input.comment?.trim()),
    message: 'A re-render request needs a comment saying what is wrong with the video.',
  },
  signatureRequired: {
    decision: 'ACCEPTED',
    message: 'Accepting a video is a signature: re-enter your password to sign it.',
  },
};

/** The Update validator of the video decisions (synchronous: a refusal never enters history). */
export function validateVideoDecision(
  state: ReviewState,
  input: VideoDecisionInput,
  decision: VideoDecision,
  conflicted: readonly string[],
): void {
  refuseWithdrawn(state);
  validateSignOff(VIDEO_RULES, state, input, decision, conflicted);
}

/** The current render's outcome: one acceptance publishes it, a re-render request wins if both arrive. */
export function videoOutcome(state: ReviewState): VideoDecision | undefined {
  const current = (state.videoDecisions ?? []).filter((d) => d.attempt === state.video?.attempt);
  if (current.some((d) => d.decision === 'RERENDER_REQUESTED')) return 'RERENDER_REQUESTED';
  return current.some((d) => d.decision === 'ACCEPTED') ? 'ACCEPTED' : undefined;
}

/** Registers the two video Updates; each records its decision (and signature) through an activity before returning. */
export function setVideoHandlers(
  state: ReviewState,
  ids: { campaignId: string; segmentId: string },
  conflicted: readonly string[],
): void {
  for (const [update, decision] of [
    [acceptVideoUpdate, 'ACCEPTED'],
    [requestRerenderUpdate, 'RERENDER_REQUESTED'],
  ] as const) {
    setHandler(
      update,
      async (d: VideoDecisionInput) => {
        const rendered = state.video!;
        const record: RecordedVideoDecision = {
          ...signedDecision(d, decision, 'ACCEPTED', d.comment?.trim() ?? ''),
          videoSha256: d.videoSha256,
          attempt: rendered.attempt,
        };
        (state.videoDecisions ??= []).push(record);
        await store.recordVideoDecision({
          ...ids,
          ...record,
          scriptSha256: state.scriptSha256!,
          generationKey: rendered.generationKey,
        });
        return state;
      },
      { validator: (d: VideoDecisionInput) => validateVideoDecision(state, d, decision, conflicted) },
    );
  }
}

/**
 * Renders the approved script and waits for video review, re-rendering with the reviewer's comments on request.
 * Resolves the accepted render, or 'EXPIRED' / 'FAILED' when nobody decided in time or renders kept being refused,
 * or 'SENT_BACK' when a claim the approved script cites was withdrawn meanwhile (no reviewer may accept that video).
 */
export async function produceAcceptedVideo(
  state: ReviewState,
  ids: { campaignId: string; segmentId: string },
  policy: ReviewPolicy,
  earlierRenders = 0,
  /** Resolves when a render may be submitted (the campaign is not paused). */
  mayRender: () => Promise<void> = async () => undefined,
): Promise<RenderVideoResult | 'EXPIRED' | 'FAILED' | 'SENT_BACK'> {
  let notes: string[] = [];
  for (let attempt = earlierRenders + 1; ; attempt += 1) {
    state.status = 'RENDERING';
    await setStage({ ...ids, status: 'RENDERING' });
    await mayRender();
    const rendered = await video.renderVideo({
      ...ids,
      scriptSha256: state.scriptSha256!,
      ...(attempt > 1 ? { attempt, notes } : {}),
    });
    state.video = {
      sha256: rendered.videoSha256,
      generationKey: rendered.generationKey,
      attempt,
      durationSeconds: rendered.durationSeconds,
    };
    if (withdrawalPending(state)) return 'SENT_BACK';
    state.status = 'VIDEO_REVIEW';
    await setStage({ ...ids, status: 'VIDEO_REVIEW' });
    // One durable timer: the review SLA's expiry applies to the video as it did to the script.
    const waited = () => videoOutcome(state) !== undefined || withdrawalPending(state);
    if (!(await condition(waited, Math.max(1, policy.expireAfterMs)))) {
      await store.notifyReview({ ...ids, kind: 'review.expired', round: state.round });
      return 'EXPIRED';
    }
    if (withdrawalPending(state)) return 'SENT_BACK';
    if (videoOutcome(state) === 'ACCEPTED') return rendered;
    notes = (state.videoDecisions ?? []).filter((d) => d.attempt === attempt && d.comment).map((d) => d.comment);
    if (attempt - earlierRenders >= MAX_RENDERS) return 'FAILED';
  }
}
