// Waiting for reviewers with durable timers: a reminder, then escalation to lead reviewers, then expiry.
import { condition } from '@temporalio/workflow';
import { store } from './activities.ts';
import type { ReviewState } from './messages.ts';
import { roundOutcome } from './review.ts';
import { withdrawalPending } from './send-back.ts';

/** Review SLA of a campaign, in milliseconds from the moment a version enters review. */
export interface ReviewPolicy {
  reminderAfterMs: number;
  escalateAfterMs: number;
  expireAfterMs: number;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  reminderAfterMs: 24 * 3600_000,
  escalateAfterMs: 48 * 3600_000,
  expireAfterMs: 14 * 24 * 3600_000,
};

/**
 * Resolves true once the round is decided (or a withdrawn claim sent it back), false when it expired. `condition(…, timeout)` sleeps on a durable timer:
 * a worker restart or a week of waiting costs nothing, and no polling loop fills the history.
 */
export async function awaitDecision(
  state: ReviewState,
  policy: ReviewPolicy,
  ids: { campaignId: string; segmentId: string },
): Promise<boolean> {
  // A withdrawn claim ends the wait as a decision would: the version goes back to drafting.
  const decided = () => roundOutcome(state) !== undefined || withdrawalPending(state);
  const start = Date.now();
  const until = async (at: number) => condition(decided, Math.max(1, at - (Date.now() - start)));

  if (policy.reminderAfterMs < policy.escalateAfterMs && !(await until(policy.reminderAfterMs))) {
    state.reminded = true;
    await store.notifyReview({ ...ids, kind: 'review.reminder', round: state.round });
  }
  if (decided()) return true;
  if (policy.escalateAfterMs < policy.expireAfterMs && !(await until(policy.escalateAfterMs))) {
    state.escalated = true;
    await store.notifyReview({ ...ids, kind: 'review.escalated', round: state.round });
  }
  if (decided()) return true;
  if (await until(policy.expireAfterMs)) return true;
  await store.notifyReview({ ...ids, kind: 'review.expired', round: state.round });
  return false;
}
