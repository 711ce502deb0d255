// Late channels: a channel linked to a campaign after publication gets the campaign's currently endorsed videos
// through the delivery ledger, under the same delivery ids and idempotency as a publication.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { appendAudit } from '../db/audit-repo.ts';
import { getCampaign, listSegments } from '../db/campaign-repo.ts';
import { getChannel, linkCampaignChannels, routeMatches } from '../db/channel-repo.ts';
import { wasSentTo } from '../db/delivery-repo.ts';
import { currentEndorsedVideo } from '../db/provenance-repo.ts';
import type { User } from '../db/user-repo.ts';
import { latestGenerationKey } from '../db/video-repo.ts';
import { backfillWorkflowId, campaignWorkflowId } from '../shared/task-queues.ts';
import type { campaignWorkflow } from '../workflows/campaign.ts';
import { linkChannelsUpdate } from '../workflows/messages.ts';
import { redeliveryWorkflow } from '../workflows/redelivery.ts';
import { orchestrationQueue, type ServiceDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { startAttributes } from '../shared/search-attributes.ts';
import { variantShowing, variantTakesChannel } from '../shared/variants.ts';

/** One endorsed video the channel would get. */
export interface BackfillItem {
  segmentId: string;
  videoSha256: string;
  generationKey: string;
}

/** A segment of the campaign the channel would not get, and why. */
export interface BackfillSkip {
  segmentId: string;
  reason: 'no-endorsed-video' | 'not-routed' | 'other-variant-showing' | 'already-sent';
}

/** What a backfill of `channelId` would deliver now; `channelActive` false: a disabled channel gets nothing. */
export interface BackfillPreview {
  campaignId: string;
  channelId: string;
  channelActive: boolean;
  items: BackfillItem[];
  skipped: BackfillSkip[];
}

/** A started backfill: the workflow delivering it (absent when nothing was due) and how many videos it sends. */
export interface BackfillResult {
  campaignId: string;
  channelId: string;
  workflowId?: string;
  backfilled: number;
}

/**
 * Which of the campaign's currently endorsed videos (published, not retracted or replaced) the channel would get:
 * those of segments its route lets through that were never sent to it. No side effects; for the console and CLI.
 */
export async function previewBackfill(
  deps: Pick<ServiceDeps, 'pool'>,
  campaignId: string,
  channelId: string,
): Promise<BackfillPreview> {
  const { pool } = deps;
  const campaign = await getCampaign(pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  const channel = await getChannel(pool, channelId);
  if (!channel) throw new ApiError(404, `No channel ${channelId}: add it first with \`klartext channels add\`.`);
  const items: BackfillItem[] = [];
  const skipped: BackfillSkip[] = [];
  const segments = await listSegments(pool, campaignId);
  const endorsed = new Map<string, string | undefined>();
  for (const s of segments) endorsed.set(s.id, await currentEndorsedVideo(pool, campaignId, s.id));
  const { variants } = campaign.brief;
  const now = new Date();
  for (const segment of segments) {
    const segmentId = segment.id;
    const videoSha256 = endorsed.get(segmentId);
    const generationKey = videoSha256 && (await latestGenerationKey(pool, campaignId, videoSha256));
    if (!videoSha256 || !generationKey) skipped.push({ segmentId, reason: 'no-endorsed-video' });
    else if (!routeMatches(channel.route, segment) || !variantTakesChannel(variants, segmentId, channelId)) {
      skipped.push({ segmentId, reason: 'not-routed' });
    } else if (!variantShowing(variants, segmentId, now, (id) => endorsed.get(id) !== undefined)) {
      // Script variants split by schedule: the channel gets the variant every other channel shows now.
      skipped.push({ segmentId, reason: 'other-variant-showing' });
    } else if (await wasSentTo(pool, { campaignId, segmentId, channelId, videoSha256 })) {
      skipped.push({ segmentId, reason: 'already-sent' });
    } else items.push({ segmentId, videoSha256, generationKey });
  }
  return { campaignId, channelId, channelActive: channel.status === 'active', items, skipped };
}

/**
 * Delivers the campaign's endorsed videos the channel has not had (see {@link previewBackfill}) as `video.approved`,
 * through the delivery ledger: a repeated backfill, or a segment's own publication racing it, sends nothing twice.
 * 409 for a disabled channel; audited.
 */
export async function backfillChannel(
  deps: Pick<ServiceDeps, 'pool' | 'temporal' | 'taskQueuePrefix'>,
  campaignId: string,
  channelId: string,
  user: User,
): Promise<BackfillResult> {
  const preview = await previewBackfill(deps, campaignId, channelId);
  if (!preview.channelActive) {
    throw new ApiError(409, `Channel ${channelId} is disabled; enable it before backfilling it.`);
  }
  if (preview.items.length === 0) return { campaignId, channelId, backfilled: 0 };
  const key = createHash('sha256')
    .update(preview.items.map((i) => `${i.segmentId}:${i.videoSha256}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const workflowId = backfillWorkflowId(campaignId, channelId, key);
  const sends = preview.items.map((i) => ({
    campaignId,
    segmentId: i.segmentId,
    channelId,
    generationKey: i.generationKey,
    eventType: 'video.approved' as const,
  }));
  try {
    await deps.temporal.workflow.start(redeliveryWorkflow, {
      workflowId,
      taskQueue: orchestrationQueue(deps),
      typedSearchAttributes: startAttributes(campaignId),
      args: [{ sends }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await appendAudit(deps.pool, {
    actor: user.id,
    action: 'channel.backfilled',
    subject: `campaign/${campaignId}`,
    details: { channelId, workflowId, segmentIds: preview.items.map((i) => i.segmentId) },
  });
  return { campaignId, channelId, workflowId, backfilled: sends.length };
}

/** Channels linked to a campaign, and what was backfilled to each (when asked). */
export interface LinkChannelsResult {
  campaignId: string;
  channelIds: string[];
  /** Endorsed videos sent to the new channels, in all. */
  backfilled: number;
  backfills: BackfillResult[];
}

/**
 * Links channels to a campaign (idempotent, audited). A running campaign is told, so its segments not yet published
 * deliver to them too; with `backfill`, the videos it already published go to them now ({@link backfillChannel}).
 * 404 for an unknown campaign, 400 for an unknown channel.
 */
export async function linkChannels(
  deps: Pick<ServiceDeps, 'pool' | 'temporal' | 'taskQueuePrefix'>,
  campaignId: string,
  channelIds: string[],
  user: User,
  opts: { backfill?: boolean; reason?: string } = {},
): Promise<LinkChannelsResult> {
  const { pool } = deps;
  const campaign = await getCampaign(pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  for (const channelId of channelIds) {
    if (!(await getChannel(pool, channelId))) {
      throw new ApiError(400, `No channel ${channelId}: add it first with \`klartext channels add ${channelId} …\`.`);
    }
  }
  await linkCampaignChannels(pool, campaignId, channelIds);
  await appendAudit(pool, {
    actor: user.id,
    action: 'channel.linked',
    subject: `campaign/${campaignId}`,
    details: { channelIds, backfill: opts.backfill ?? false, ...(opts.reason ? { reason: opts.reason } : {}) },
  });
  if (campaign.status === 'RUNNING' || campaign.status === 'PAUSED') {
    const handle = deps.temporal.workflow.getHandle<typeof campaignWorkflow>(campaignWorkflowId(campaignId));
    const running = await handle.describe().then(
      (d) => d.status.name === 'RUNNING',
      (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      },
    );
    if (running) await handle.executeUpdate(linkChannelsUpdate, { args: [{ actor: user.id, channelIds }] });
  }
  const backfills: BackfillResult[] = [];
  if (opts.backfill) {
    for (const channelId of channelIds) backfills.push(await backfillChannel(deps, campaignId, channelId, user));
  }
  return { campaignId, channelIds, backfilled: backfills.reduce((n, b) => n + b.backfilled, 0), backfills };
}
