// Bookkeeping activities: the workflow's decisions and progress mirrored into the database.
import { setCampaignStatus, setSegmentStatus } from '../db/campaign-repo.ts';
import { recordDecision, type ReviewDecisionRecord } from '../db/review-repo.ts';
import type { SegmentStatus } from '../shared/types.ts';
import type { ActivityDeps } from './deps.ts';

export function createStoreActivities({ pool }: ActivityDeps) {
  return {
    async setSegmentStatus(input: { campaignId: string; segmentId: string; status: SegmentStatus }): Promise<void> {
      await setSegmentStatus(pool, input.campaignId, input.segmentId, input.status);
    },
    async recordReviewDecision(input: ReviewDecisionRecord): Promise<void> {
      await recordDecision(pool, input);
    },
    async finishCampaign(input: { campaignId: string; counts: Record<string, number> }): Promise<void> {
      await setCampaignStatus(pool, input.campaignId, 'COMPLETED');
    },
  };
}
