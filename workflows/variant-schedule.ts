// Script variants split by schedule: the segment's own video (A) goes out only before the switch; variant B waits for
// it on a durable timer and then replaces A on every channel.
import { sleep } from '@temporalio/workflow';
import { publish } from './activities.ts';
import { reportScheduled } from './campaign-report.ts';
import type { ReviewState } from './messages.ts';

/** When this run's video may go out, as the campaign set it for a schedule split (workflows/campaign-start.ts). */
export interface VariantSchedule {
  /** Variant B: not before this time (ISO 8601). */
  deliverFrom?: string;
  /** Variant A: only before this time; approved later, it is not delivered, B having replaced it. */
  deliverUntil?: string;
  /** Variant B: the segment whose published video it replaces. */
  replacesSegmentId?: string;
}

/** What the schedule decided: deliver (replacing A's video when it was published), skip, or stop (claim withdrawn). */
export type ScheduledDelivery =
  { deliver: true; replacesVideoSha256?: string } | { deliver: false; reason: string; blocked?: boolean };

/**
 * Waits until this run's video may go out. Without a schedule it returns at once and issues no command, so runs of
 * campaigns without variants (and their recorded histories) are unchanged.
 */
export async function awaitVariantSchedule(
  schedule: VariantSchedule,
  state: ReviewState,
  ids: { campaignId: string; segmentId: string },
): Promise<ScheduledDelivery> {
  if (schedule.deliverUntil && Date.now() >= Date.parse(schedule.deliverUntil)) {
    return { deliver: false, reason: `approved after ${schedule.deliverUntil}, when variant B took its place` };
  }
  if (!schedule.deliverFrom || !schedule.replacesSegmentId) return { deliver: true };
  const wait = Date.parse(schedule.deliverFrom) - Date.now();
  if (wait > 0) {
    state.held = 'schedule';
    // Waiting (days, perhaps) holds none of the campaign's review slots (`review.maxInReview`).
    await reportScheduled(ids.segmentId);
    await sleep(wait);
    delete state.held;
  }
  // A claim withdrawn while the video waited: the cascade retracts published videos only, so this one stops here.
  const release = await publish.scheduledRelease({
    ...ids,
    scriptSha256: state.scriptSha256!,
    replacesSegmentId: schedule.replacesSegmentId,
  });
  if (release.withdrawnClaimIds.length > 0) {
    const reason = `claim ${release.withdrawnClaimIds.join(', ')} was withdrawn while the video waited for ${schedule.deliverFrom}`;
    return { deliver: false, reason, blocked: true };
  }
  return {
    deliver: true,
    ...(release.replacesVideoSha256 ? { replacesVideoSha256: release.replacesVideoSha256 } : {}),
  };
}
