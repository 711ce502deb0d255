// Video review for the segment workflow: render, wait for a reviewer to accept the video or ask for a re-render.
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { RenderVideoResult } from '../activities/videos.ts';
import { store, video } from './activities.ts';
import {
  acceptVideoUpdate,
  requestRerenderUpdate,
  type RecordedVideoDecision,
  type ReviewState,
  type VideoDecision,
  type VideoDecisionInput,
} from './messages.ts';
import type { ReviewPolicy } from './review-wait.ts';

const REVIEWER_ROLES = new Set(['medical_reviewer', 'lead_reviewer']);
/** Renders of one approved script before the segment fails: a video that will not come right needs a person. */
export const MAX_RENDERS = 5;

function refuse(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'ReviewRefusedError');
}

/** Synchronous validator (the SDK does not await validators): a refused decision never enters history. */
export function validateVideoDecision(
  state: ReviewState,
  input: VideoDecisionInput,
  decision: VideoDecision,
  conflicted: readonly string[],
): void {
  if (!input?.reviewer?.id) refuse('A decision needs an authenticated reviewer.');
  if (!REVIEWER_ROLES.has(input.reviewer.role)) {
    refuse(`User ${input.reviewer.id} has role ${input.reviewer.role}; only medical reviewers can accept videos.`);
  }
  if (conflicted.includes(input.reviewer.id)) {
    refuse(`User ${input.reviewer.id} manages this campaign or wrote this script and cannot review its video.`);
  }
  if (state.status !== 'VIDEO_REVIEW' || !state.video) {
    refuse(`This segment has no video waiting for review (status ${state.status}).`);
  }
  if (input.videoSha256 !== state.video.sha256) {
    refuse(
      `Stale decision: it names video ${input.videoSha256?.slice(0, 12)}…, but the current render is ` +
        `${state.video.sha256.slice(0, 12)}…. Reload the page and watch the current video.`,
    );
  }
  const attempt = state.video.attempt;
  if ((state.videoDecisions ?? []).some((d) => d.attempt === attempt && d.reviewerId === input.reviewer.id)) {
    refuse(`Reviewer ${input.reviewer.id} has already decided on this video.`);
  }
  if (decision === 'RERENDER_REQUESTED' && !input.comment?.trim()) {
    refuse('A re-render request needs a comment saying what is wrong with the video.');
  }
  if (decision === 'ACCEPTED' && !input.signature?.meaning) {
    refuse('Accepting a video is a signature: re-enter your password to sign it.');
  }
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
          reviewerId: d.reviewer.id,
          reviewerName: d.reviewer.displayName,
          role: d.reviewer.role,
          decision,
          comment: d.comment?.trim() ?? '',
          decidedAt: new Date(Date.now()).toISOString(),
          videoSha256: d.videoSha256,
          attempt: rendered.attempt,
          ...(decision === 'ACCEPTED' ? { signatureMeaning: d.signature?.meaning } : {}),
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
 * Resolves the accepted render, or 'EXPIRED' / 'FAILED' when nobody decided in time or renders kept being refused.
 */
export async function produceAcceptedVideo(
  state: ReviewState,
  ids: { campaignId: string; segmentId: string },
  policy: ReviewPolicy,
  earlierRenders = 0,
): Promise<RenderVideoResult | 'EXPIRED' | 'FAILED'> {
  let notes: string[] = [];
  for (let attempt = earlierRenders + 1; ; attempt += 1) {
    state.status = 'RENDERING';
    await store.setSegmentStatus({ ...ids, status: 'RENDERING' });
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
    state.status = 'VIDEO_REVIEW';
    await store.setSegmentStatus({ ...ids, status: 'VIDEO_REVIEW' });
    // One durable timer: the review SLA's expiry applies to the video as it did to the script.
    if (!(await condition(() => videoOutcome(state) !== undefined, Math.max(1, policy.expireAfterMs)))) {
      await store.notifyReview({ ...ids, kind: 'review.expired', round: state.round });
      return 'EXPIRED';
    }
    if (videoOutcome(state) === 'ACCEPTED') return rendered;
    notes = (state.videoDecisions ?? []).filter((d) => d.attempt === attempt && d.comment).map((d) => d.comment);
    if (attempt - earlierRenders >= MAX_RENDERS) return 'FAILED';
  }
}
