// Creating a campaign with its channels (secrets encrypted, the brief keeps ids only) and launching a DRAFT campaign:
// coverage check, DRAFT → RUNNING, then its workflow; on failure back to DRAFT.
import { createHash } from 'node:crypto';
import { checkSigningSecret } from '../channels/signing.ts';
import { checkChannelTarget } from '../channels/target-check.ts';
import { channelsForSegment, getChannel, linkCampaignChannels, upsertChannel } from '../db/channel-repo.ts';
import {
  createCampaign,
  deleteCampaign,
  listCampaignClaims,
  listSegments,
  getCampaign,
  transitionCampaign,
  type CampaignRow,
} from '../db/campaign-repo.ts';
import { listManagers } from '../db/manager-repo.ts';
import type { SecretBox } from '../db/secrets.ts';
import { ConfigError, KlartextError } from '../shared/errors.ts';
import { checkCoverage } from '../campaign/validate-campaign.ts';
import { campaignWorkflowId } from '../shared/task-queues.ts';
import { campaignWorkflow } from '../workflows/campaign.ts';
import type { CampaignBrief, ChannelConfig, Claim, Segment } from '../shared/types.ts';
import type { CampaignVariants } from '../shared/variants.ts';
import type { ReviewPolicy } from '../workflows/review-wait.ts';
import { orchestrationQueue, type ServiceDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { startAttributes } from '../shared/search-attributes.ts';

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
export async function launchCampaign(
  { pool, temporal, taskQueuePrefix }: Pick<ServiceDeps, 'pool' | 'temporal' | 'taskQueuePrefix'>,
  campaignId: string,
) {
  const campaign = await getCampaign(pool, campaignId);
  if (!campaign) throw new ApiError(404, `No campaign ${campaignId}.`);
  if (campaign.status !== 'DRAFT')
    throw new ApiError(409, `Campaign ${campaignId} is ${campaign.status}, not a draft.`);
  const segments = await listSegments(pool, campaignId);
  const routed = await segmentChannelIds(pool, campaignId, segments, campaign.brief.variants);
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
      taskQueue: orchestrationQueue({ taskQueuePrefix }),
      typedSearchAttributes: startAttributes(campaignId, { status: 'RUNNING' }),
      args: [
        {
          campaignId,
          segmentIds: segments.map((s) => s.id),
          approvalsRequired: campaign.brief.review.approvalsRequired,
          maxAutoRedrafts: campaign.brief.review.maxAutoRedrafts,
          reviewPolicy: reviewPolicy(campaign.brief),
          ...(campaign.brief.review.maxInReview === undefined
            ? {}
            : { maxInReview: campaign.brief.review.maxInReview }),
          // Four eyes: the campaign's managers (who stand behind its scripts) cannot review it.
          conflictedUserIds: await conflictedUserIds(pool, campaign),
          ...(campaign.brief.variants?.split === 'schedule' && campaign.brief.variants.switchAt
            ? { variantSwitchAt: campaign.brief.variants.switchAt }
            : {}),
          // Every channel some segment routes to; deliverToChannel skips a channel its segment is not routed to.
          channelIds: [...new Set(Object.values(routed).flat())],
        },
      ],
    });
  } catch (err) {
    await transitionCampaign(pool, campaignId, 'RUNNING', 'DRAFT');
    throw err;
  }
  return { campaignId, workflowId: campaignWorkflowId(campaignId), segments: segments.length };
}

/** Who may not review a campaign's scripts and videos (four eyes): its creator and everyone who manages it. */
export async function conflictedUserIds(pool: ServiceDeps['pool'], campaign: CampaignRow): Promise<string[]> {
  const managers = (await listManagers(pool, campaign.id)).map((m) => m.userId);
  return [...new Set([...(campaign.createdBy ? [campaign.createdBy] : []), ...managers])];
}

/** Each segment's active channels, by segment id, as routed by language, region and tags. */
export async function segmentChannelIds(
  pool: ServiceDeps['pool'],
  campaignId: string,
  segments: readonly Pick<Segment, 'id' | 'language' | 'tags'>[],
  variants?: CampaignVariants,
): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const s of segments) {
    result[s.id] = (await channelsForSegment(pool, campaignId, s, variants)).map((ch) => ch.id);
  }
  return result;
}

/** SHA-256 (hex) of a feed token: what is stored and compared, never the token. */
export function feedTokenSha256Of(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Checks a webhook secret as the adapters will use it; the refusal never repeats the secret. */
export function checkChannelSecret(secret: string, where: string): void {
  try {
    checkSigningSecret(secret);
  } catch (err) {
    throw new ApiError(400, `${where}: ${err instanceof KlartextError ? err.message : 'not a usable secret'}`);
  }
}

/** Where a channel's target is judged: the send-time policy and the folder roots (the asset store when none given). */
export interface ChannelTargetDeps {
  outDir?: string;
  folderChannelRoots?: string[];
  allowHttpLoopback?: boolean;
}

/** The directories folder channels may write under: the configured roots, else the asset store root. */
export function folderRootsOf(deps: ChannelTargetDeps): string[] {
  return deps.folderChannelRoots ?? (deps.outDir ? [deps.outDir] : []);
}

/** Checks a webhook URL or folder directory as deliveries will; a refusal is a 400 naming `where` and the fix. */
export async function checkChannelTargetAt(
  deps: ChannelTargetDeps,
  kind: 'webhook' | 'folder',
  target: string,
  where: string,
  /** webhook: the channel's CIDR blocks admitted although not public. */
  allowCidrs?: string[],
): Promise<string> {
  try {
    return await checkChannelTarget(kind, target, {
      folderRoots: folderRootsOf(deps),
      allowHttpLoopback: deps.allowHttpLoopback,
      ...(allowCidrs ? { allowCidrs } : {}),
    });
  } catch (err) {
    throw new ApiError(400, `${where}: ${err instanceof KlartextError ? err.message : 'not a usable target'}`);
  }
}

/** The secret box, or a ConfigError saying the server was started without one. */
export function requireSecrets(secrets: SecretBox | undefined): SecretBox {
  if (!secrets) {
    throw new ConfigError('This API server has no secrets key, so it cannot store channel secrets; start it with one.');
  }
  return secrets;
}

/**
 * Stores a DRAFT campaign and its channels: inline channels are created or updated (secrets encrypted) and linked,
 * referenced channels must exist; the stored brief keeps channel ids only. False when the campaign id exists.
 */
export async function createCampaignWithChannels(
  deps: Pick<ServiceDeps, 'pool' | 'secrets'> & ChannelTargetDeps,
  input: { id: string; brief: CampaignBrief; segments: Segment[]; claims: Claim[]; createdBy?: string },
): Promise<boolean> {
  const { pool, secrets } = deps;
  const inline: ChannelConfig[] = [];
  for (const [i, ch] of input.brief.channels.entries()) {
    if ('ref' in ch) {
      if (!(await getChannel(pool, ch.ref))) {
        throw new ApiError(
          400,
          `brief.channels.${i}.ref: no channel ${ch.ref}; add it with \`klartext channels add\`.`,
        );
      }
    } else {
      if (ch.secret !== undefined) checkChannelSecret(ch.secret, `brief.channels.${i}.secret`);
      if (ch.kind === 'webhook') {
        await checkChannelTargetAt(deps, 'webhook', ch.url ?? '', `brief.channels.${i}.url`, ch.allowCidrs);
      }
      const directory =
        ch.kind === 'folder'
          ? await checkChannelTargetAt(deps, 'folder', ch.directory ?? '', `brief.channels.${i}.directory`)
          : undefined;
      inline.push(directory === undefined ? ch : { ...ch, directory });
    }
  }
  const brief = { ...input.brief, channels: input.brief.channels.map((ch) => ({ ref: 'ref' in ch ? ch.ref : ch.id })) };
  if (!(await createCampaign(pool, { ...input, brief }))) return false;
  try {
    for (const ch of inline) {
      const { id, kind, url, directory, secret, token, languages, regions, tags, allowCidrs, renditions } = ch;
      await upsertChannel(pool, secrets, {
        id,
        kind,
        target: kind === 'webhook' ? url : kind === 'folder' ? directory : undefined,
        secret,
        feedTokenSha256: token === undefined ? undefined : feedTokenSha256Of(token),
        route: { languages, regions, tags },
        allowCidrs,
        renditions,
        createdBy: input.createdBy,
      });
    }
    await linkCampaignChannels(
      pool,
      input.id,
      brief.channels.map((ch) => ch.ref),
    );
  } catch (err) {
    await deleteCampaign(pool, input.id);
    throw err;
  }
  return true;
}
