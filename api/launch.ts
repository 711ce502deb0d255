// Launching a DRAFT campaign: coverage check, DRAFT → RUNNING, then its workflow; on failure back to DRAFT.
import { listCampaignClaims, listSegments, getCampaign, transitionCampaign } from '../db/campaign-repo.ts';
import { checkCoverage } from '../segments/validate-campaign.ts';
import { campaignWorkflowId, TASK_QUEUES } from '../shared/task-queues.ts';
import { campaignWorkflow } from '../workflows/campaign.ts';
import type { CampaignBrief } from '../shared/types.ts';
import type { ReviewPolicy } from '../workflows/review-wait.ts';
import type { AppDeps } from './deps.ts';
import { ApiError } from './errors.ts';

const HOUR = 3600_000;

/** The campaign's review SLA in milliseconds (defaults: reminder 24 h, escalation 48 h, expiry 14 days). */
export function reviewPolicy(brief: CampaignBrief): ReviewPolicy {
  const r = brief.review;
  return {
    reminderAfterMs: (r.reminderAfterHours ?? 24) * HOUR,
    escalateAfterMs: (r.escalateAfterHours ?? 48) * HOUR,
    expireAfterMs: (r.expireAfterDays ?? 14) * 24 * HOUR,
  };
}

/** Starts a DRAFT campaign's workflow with its current segments. Throws ApiError (404/409) or InputError (400). */
export async function launchCampaign({ pool, temporal }: Pick<AppDeps, 'pool' | 'temporal'>, campaignId: string) {
  const campaign = await getCampaign(pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  if (campaign.status !== 'DRAFT')
    throw new ApiError(409, `Campaign ${campaignId} is ${campaign.status}, not a draft.`);
  const segments = await listSegments(pool, campaignId);
  if (segments.length === 0) {
    throw new ApiError(409, `Campaign ${campaignId} has no segments yet: upload a segment set or send segments.`);
  }
  // Every segment must be able to get a grounded script in its language before anything starts.
  checkCoverage(campaign.brief, segments, await listCampaignClaims(pool, campaignId));
  if (!(await transitionCampaign(pool, campaignId, 'DRAFT', 'RUNNING'))) {
    throw new ApiError(409, `Campaign ${campaignId} was launched by someone else meanwhile.`);
  }
  try {
    await temporal.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(campaignId),
      taskQueue: TASK_QUEUES.orchestration,
      args: [
        {
          campaignId,
          segmentIds: segments.map((s) => s.id),
          approvalsRequired: campaign.brief.review.approvalsRequired,
          maxAutoRedrafts: campaign.brief.review.maxAutoRedrafts,
          reviewPolicy: reviewPolicy(campaign.brief),
          // Four eyes: the manager who launched the campaign (and so stands behind its scripts) cannot review it.
          conflictedUserIds: campaign.createdBy ? [campaign.createdBy] : [],
          channelIds: campaign.brief.channels.map((ch) => ch.id),
        },
      ],
    });
  } catch (err) {
    await transitionCampaign(pool, campaignId, 'RUNNING', 'DRAFT');
    throw err;
  }
  return { campaignId, workflowId: campaignWorkflowId(campaignId), segments: segments.length };
}
