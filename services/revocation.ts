// When guidance changes: cancel a campaign, retract videos, replace a segment's video, redeliver (claims: claim-withdrawal.ts).
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { appendAudit, appendAuditIn } from '../db/audit-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { getCampaign, getSegment, transitionCampaign } from '../db/campaign-repo.ts';
import { resetDeliveries, type DeliveryRow } from '../db/delivery-repo.ts';
import { currentEndorsedVideo } from '../db/provenance-repo.ts';
import { segmentRunCounts } from '../db/revocation-repo.ts';
import type { User } from '../db/user-repo.ts';
import { latestGenerationKey } from '../db/video-repo.ts';
import { campaignWorkflowId, revocationWorkflowId, segmentWorkflowId } from '../shared/task-queues.ts';
import { redeliveryWorkflow, type RedeliveryWorkflowInput } from '../workflows/redelivery.ts';
import { revocationWorkflow } from '../workflows/revocation.ts';
import { segmentWorkflow } from '../workflows/segment.ts';
import { orchestrationQueue, type ServiceDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { conflictedUserIds, reviewPolicy, segmentChannelIds } from './launch.ts';
import { startAttributes } from '../shared/search-attributes.ts';

type Deps = Pick<ServiceDeps, 'pool' | 'temporal' | 'taskQueuePrefix'>;
type Send = RedeliveryWorkflowInput['sends'][number];
const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Starts a revocation (idempotent by what it retracts: a repeated request joins the running one). */
export async function startRevocation(
  deps: Deps,
  input: { campaignId: string; segmentIds?: string[]; reason: string; actor: string },
): Promise<{ workflowId: string }> {
  const key = short(JSON.stringify([input.segmentIds ? [...input.segmentIds].sort() : 'all', input.reason]));
  const workflowId = revocationWorkflowId(input.campaignId, key);
  try {
    await deps.temporal.workflow.start(revocationWorkflow, {
      workflowId,
      taskQueue: orchestrationQueue(deps),
      typedSearchAttributes: startAttributes(input.campaignId),
      args: [input],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { workflowId };
}

/**
 * Cancels a running campaign (its segments stop where they are) and retracts every video it published. The status
 * change and its audit entry are one transaction, committed before the workflow is touched: a refused or failed
 * record leaves the campaign running as it was. If the workflow cannot be cancelled then, the request fails and a
 * retry finishes the job. Waits briefly for the campaign to close so no publication in flight overtakes the retraction.
 */
export async function cancelCampaign(deps: Deps, campaignId: string, user: User, reason: string) {
  const campaign = await getCampaign(deps.pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  const from = campaign.status;
  const handle = deps.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
  // A draft never started and a finished campaign has nothing left to stop: both are retracted all the same.
  const running = await handle.describe().then(
    (d) => d.status.name === 'RUNNING',
    (err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    },
  );
  // Recorded as cancelled with the workflow still running: an earlier cancel failed half-way, and this one finishes it.
  if (from === 'CANCELLED' && !running) throw new ApiError(409, `Campaign ${campaignId} is already cancelled.`);
  if (from !== 'CANCELLED') await recordCancel(deps, campaignId, user, { reason, previousStatus: from, running });
  if (running) {
    await handle.cancel();
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise((r) => (timer = setTimeout(r, 15_000)));
    await Promise.race([handle.result().catch(() => undefined), patience]).finally(() => clearTimeout(timer));
  }
  return startRevocation(deps, { campaignId, reason, actor: user.id });
}

async function recordCancel(
  { pool }: Deps,
  campaignId: string,
  user: User,
  details: { reason: string; previousStatus: string; running: boolean },
): Promise<void> {
  await inTransaction(pool, async (tx) => {
    if (!(await transitionCampaign(tx, campaignId, details.previousStatus, 'CANCELLED'))) {
      throw new ApiError(409, `Campaign ${campaignId} changed status while being cancelled; reload it and try again.`);
    }
    await appendAuditIn(tx, {
      actor: user.id,
      action: 'campaign.cancelled',
      subject: `campaign/${campaignId}`,
      details: { reason: details.reason, previousStatus: details.previousStatus, workflowRunning: details.running },
    });
  });
}

/**
 * Runs a published segment through drafting, review and video check again; its new video replaces the old one at
 * every channel (`video.replaced`) and the old one's provenance then says `replaced`.
 */
export async function replaceSegmentVideo(
  deps: Deps,
  campaignId: string,
  segmentId: string,
  by?: { user: User; reason: string },
) {
  const campaign = await getCampaign(deps.pool, campaignId);
  const segment = await getSegment(deps.pool, campaignId, segmentId);
  if (!campaign || !segment) throw new ApiError(404, `No segment ${segmentId} in campaign ${campaignId}.`);
  const replaces = await currentEndorsedVideo(deps.pool, campaignId, segmentId);
  if (!replaces) throw new ApiError(409, `Segment ${segmentId} has no endorsed published video to replace.`);
  const channels = await segmentChannelIds(deps.pool, campaignId, [segment], campaign.brief.variants);
  // The new run numbers its rounds and renders after the earlier runs', so no decision or signature collides.
  const earlier = await segmentRunCounts(deps.pool, campaignId, segmentId);
  const workflowId = segmentWorkflowId(campaignId, segmentId);
  try {
    await deps.temporal.workflow.start(segmentWorkflow, {
      workflowId,
      taskQueue: orchestrationQueue(deps),
      typedSearchAttributes: startAttributes(campaignId, { segmentId, language: segment.language }),
      args: [
        {
          campaignId,
          segmentId,
          approvalsRequired: campaign.brief.review.approvalsRequired,
          maxAutoRedrafts: campaign.brief.review.maxAutoRedrafts,
          channelIds: channels[segmentId] ?? [],
          reviewPolicy: reviewPolicy(campaign.brief),
          conflictedUserIds: await conflictedUserIds(deps.pool, campaign),
          replacesVideoSha256: replaces,
          earlier,
        },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ApiError(409, `Segment ${segmentId} is still being worked on; replace it once it has finished.`);
    }
    throw err;
  }
  if (by) {
    const details = { segmentId, replaces, workflowId, reason: by.reason };
    await appendAudit(deps.pool, {
      actor: by.user.id,
      action: 'video.replacement.started',
      subject: `campaign/${campaignId}`,
      details,
    });
  }
  return { workflowId, replaces };
}

/**
 * Sends deliveries again under their ids (receivers drop what they already have): one failed delivery, or a
 * channel's deliveries since a point in time (a replay). Rows go back to pending first, so the ledger shows the retry.
 */
export async function redeliver(deps: Deps, rows: readonly DeliveryRow[], key: string) {
  if (rows.length === 0) throw new ApiError(404, 'Nothing to deliver again: no matching deliveries.');
  const sends: Send[] = [];
  for (const row of rows) {
    const generationKey = await latestGenerationKey(deps.pool, row.campaignId, row.videoSha256);
    if (!generationKey) continue;
    sends.push({
      campaignId: row.campaignId,
      segmentId: row.segmentId,
      channelId: row.channelId,
      generationKey,
      eventType: row.eventType as Send['eventType'],
    });
  }
  await resetDeliveries(
    deps.pool,
    rows.map((r) => r.id),
  );
  const workflowId = `redelivery/${key}/${Date.now()}`;
  await deps.temporal.workflow.start(redeliveryWorkflow, {
    workflowId,
    taskQueue: orchestrationQueue(deps),
    // One campaign's deliveries (the usual case) carry its attribute; a channel replay across campaigns none.
    ...(new Set(sends.map((x) => x.campaignId)).size === 1
      ? { typedSearchAttributes: startAttributes(sends[0]!.campaignId) }
      : {}),
    args: [{ sends }],
  });
  return { workflowId, deliveries: sends.length };
}
