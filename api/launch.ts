// Launching a DRAFT campaign: coverage check, DRAFT → RUNNING, then its workflow; on failure back to DRAFT.
import { listCampaignClaims, listSegments, getCampaign, transitionCampaign } from '../db/campaign-repo.ts';
import { checkCoverage } from '../segments/validate-campaign.ts';
import { campaignWorkflowId, TASK_QUEUES } from '../shared/task-queues.ts';
import { campaignWorkflow } from '../workflows/campaign.ts';
import type { AppDeps } from './deps.ts';
import { ApiError } from './errors.ts';

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
