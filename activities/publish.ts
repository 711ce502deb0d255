// deliverToChannel: one event about one segment's video to one channel, recorded in the delivery ledger.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ASSET_LINK_PURPOSE, DELIVERY_LINK_SECONDS } from '../channels/asset-urls.ts';
import { createChannelAdapter } from '../channels/index.ts';
import { getCampaign, getSegment } from '../db/campaign-repo.ts';
import { appendAuditIn } from '../db/audit-repo.ts';
import { disableChannel, getChannelWithSecret, routeMatches } from '../db/channel-repo.ts';
import { deliveredVariant, variantTakesChannel } from '../shared/variants.ts';
import { ensureDelivery, finishAttempt, markDelivery, startAttempt } from '../db/delivery-repo.ts';
import { createFeedStore } from '../db/feed-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { findVideo } from '../db/video-repo.ts';
import { currentEndorsedVideo } from '../db/provenance-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { withdrawnClaimIds } from '../db/withdrawal-repo.ts';
import { scriptClaimIds } from '../shared/text.ts';
import {
  ChannelGoneError,
  ConfigError,
  DeliveryRejectedError,
  InputError,
  RemoteServiceError,
  UnsafeTargetError,
} from '../shared/errors.ts';
import { segmentKey, type AssetStore } from '../storage/asset-store.ts';
import { deliveryData, deliveryFiles } from './delivery-payload.ts';
import { assetStoreOf, type ActivityDeps } from './deps.ts';
import { rethrowDeliveryFailure } from './retry-after.ts';

export type VideoEventType = 'video.approved' | 'video.retracted' | 'video.replaced';

export interface DeliverToChannelInput {
  campaignId: string;
  segmentId: string;
  channelId: string;
  generationKey: string;
  /** `video.approved` when absent. */
  eventType?: VideoEventType;
  /** Retractions: why, shown to the channel. */
  reason?: string;
  /** Replacements: the video this one supersedes. */
  replacesVideoSha256?: string;
}

export interface DeliverToChannelResult {
  deliveryId: string;
  status: 'delivered' | 'failed' | 'disabled' | 'not-routed';
}

/** Stable across retries and restarts: the receiver's idempotency key (`webhook-id`). */
export function deliveryId(parts: {
  campaignId: string;
  segmentId: string;
  channelId: string;
  eventType: string;
  videoSha256: string;
}): string {
  const key = [parts.campaignId, parts.segmentId, parts.channelId, parts.eventType, parts.videoSha256].join('\n');
  return `msg_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Refusals no retry can fix: recorded as failed, shown to the campaign manager, not retried. */
const permanent = (err: unknown) =>
  err instanceof DeliveryRejectedError || err instanceof UnsafeTargetError || err instanceof ConfigError;

export interface ScheduledReleaseInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
  /** The segment whose published video this one replaces on schedule. */
  replacesSegmentId: string;
}

export interface ScheduledReleaseResult {
  replacesVideoSha256?: string;
  withdrawnClaimIds: string[];
}

export function createPublishActivities(deps: ActivityDeps) {
  const { pool, allowHttpLoopback, secrets, folderChannelRoots } = deps;
  const linkKey = secrets?.deriveKey(ASSET_LINK_PURPOSE);
  const feedStore = createFeedStore(pool);
  const assets = assetStoreOf(deps);
  const linkSeconds = deps.assetLinkSeconds ?? DELIVERY_LINK_SECONDS;
  return {
    async deliverToChannel(input: DeliverToChannelInput): Promise<DeliverToChannelResult> {
      const eventType = input.eventType ?? 'video.approved';
      const campaign = await getCampaign(pool, input.campaignId);
      const segment = await getSegment(pool, input.campaignId, input.segmentId);
      const video = await findVideo(pool, input.generationKey);
      const channel = await getChannelWithSecret(pool, secrets, input.channelId);
      if (!campaign || !segment || !video || !channel) {
        throw new InputError(`Nothing to deliver: campaign, segment, video or channel ${input.channelId} not found.`);
      }
      const id = deliveryId({ ...input, eventType, videoSha256: video.videoSha256 });
      // The campaign hands every segment all its channels; routing (and a split of script variants by channel)
      // decides per segment. A retraction goes wherever the video went, whatever the routing says today.
      const routed =
        routeMatches(channel.route, segment) && variantTakesChannel(campaign.brief.variants, segment.id, channel.id);
      if (eventType !== 'video.retracted' && !routed) {
        deps.onDelivery?.(channel.kind, 'not-routed');
        return { deliveryId: id, status: 'not-routed' };
      }
      const variant = deliveredVariant(campaign.brief.variants, segment.id);
      const row = await ensureDelivery(pool, { id, ...input, eventType, videoSha256: video.videoSha256 });
      // A retried or replayed activity must not deliver twice: the ledger says it already happened.
      if (row.status === 'delivered' || row.status === 'failed') return { deliveryId: id, status: row.status };
      if (channel.status !== 'active') {
        // A disabled channel (410, or by a manager) is not attempted; the ledger says so.
        await markDelivery(pool, id, 'disabled', `Channel ${channel.id} is disabled: ${channel.statusReason ?? ''}`);
        deps.onDelivery?.(channel.kind, 'disabled');
        return { deliveryId: id, status: 'disabled' };
      }

      const attempt = await startAttempt(pool, id);
      const started = Date.now();
      try {
        const adapter = createChannelAdapter(
          {
            kind: channel.kind,
            target: channel.target ?? '',
            ...(channel.secret ? { secret: channel.secret } : {}),
            ...(channel.allowCidrs ? { allowCidrs: channel.allowCidrs } : {}),
          },
          { channelId: channel.id, feedStore, allowHttpLoopback, folderRoots: folderChannelRoots },
        );
        const offered = eventType !== 'video.retracted';
        const files = deliveryFiles(video, channel.renditions);
        const keyOf = (file: string) => segmentKey(input.campaignId, input.segmentId, file);
        // From a remote store, channels fetch straight from it through presigned links, and a folder drop copies a
        // fresh download: nothing is read from another machine's disk.
        const links =
          offered && assets.kind !== 'local'
            ? Object.fromEntries(
                await Promise.all(files.map(async (f) => [f, await assets.presignGet(keyOf(f), linkSeconds)] as const)),
              )
            : undefined;
        const result = await withFolderSource(assets, channel.kind === 'folder' && offered, files, keyOf, (dir) =>
          adapter.deliver({
            deliveryId: id,
            eventType,
            timestamp: new Date(),
            data: deliveryData({
              eventType,
              campaignId: input.campaignId,
              segment,
              video,
              channelKind: channel.kind,
              outDir: dir ?? deps.outDir,
              publicBaseUrl: deps.publicBaseUrl,
              linkSeconds,
              ...(links ? { links: links as Record<string, string> } : {}),
              ...(linkKey ? { linkKey } : {}),
              ...(input.reason ? { reason: input.reason } : {}),
              ...(input.replacesVideoSha256 ? { replacesVideoSha256: input.replacesVideoSha256 } : {}),
              ...(channel.renditions ? { renditions: channel.renditions } : {}),
              ...(variant ? { variant } : {}),
            }),
          }),
        );
        // The delivery and its audit entry commit together: the log never misses, nor doubles, a publication.
        await inTransaction(pool, async (tx) => {
          await finishAttempt(tx, { id, attempt, ...result, status: 'delivered' });
          await appendAuditIn(tx, {
            actor: 'klartext',
            action: 'publication',
            subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
            details: { channel: input.channelId, deliveryId: id, videoSha256: video.videoSha256, eventType },
          });
        });
        deps.onDelivery?.(channel.kind, 'delivered');
        return { deliveryId: id, status: 'delivered' };
      } catch (err) {
        const statusCode = err instanceof RemoteServiceError ? err.statusCode : undefined;
        // 410 disables the channel, other permanent refusals fail the delivery, anything else stays pending for retry.
        const status = err instanceof ChannelGoneError ? 'disabled' : permanent(err) ? 'failed' : 'pending';
        const error = (err as Error).message;
        await inTransaction(pool, async (tx) => {
          await finishAttempt(tx, { id, attempt, statusCode, latencyMs: Date.now() - started, error, status });
          if (status !== 'disabled' || !(await disableChannel(tx, channel.id, `answered 410 Gone: ${error}`))) return;
          await appendAuditIn(tx, {
            actor: 'klartext',
            action: 'channel.disabled',
            subject: `channel/${channel.id}`,
            details: { deliveryId: id, reason: 'the receiver answered 410 Gone' },
          });
        });
        deps.onDelivery?.(channel.kind, status === 'pending' ? 'retry' : status);
        rethrowDeliveryFailure(err, Context.current().info.attempt, status === 'pending');
      }
    },

    /**
     * Before a script variant scheduled for later goes out: the video it replaces (the segment's own, when published)
     * and the claims its script cites that were withdrawn while it waited.
     */
    async scheduledRelease(input: ScheduledReleaseInput): Promise<ScheduledReleaseResult> {
      const { campaignId, segmentId } = input;
      const version = await getScriptVersion(pool, { campaignId, segmentId, sha256: input.scriptSha256 });
      if (!version) throw new InputError(`Script ${input.scriptSha256} of segment ${segmentId} is not stored.`);
      const withdrawn = await withdrawnClaimIds(pool, scriptClaimIds(version.script));
      const replaces = await currentEndorsedVideo(pool, campaignId, input.replacesSegmentId);
      return { withdrawnClaimIds: [...withdrawn].sort(), ...(replaces ? { replacesVideoSha256: replaces } : {}) };
    },

    /** The retry schedule ran out: the delivery is failed for good, and the manager sees the last error. */
    async giveUpDelivery(input: DeliverToChannelInput & { error: string }): Promise<void> {
      const video = await findVideo(pool, input.generationKey);
      if (!video) return;
      const id = deliveryId({
        ...input,
        eventType: input.eventType ?? 'video.approved',
        videoSha256: video.videoSha256,
      });
      await markDelivery(pool, id, 'failed', input.error, ['pending', 'delivering']);
    },
  };
}

/**
 * Runs `deliver` with the directory a folder drop copies from: the asset directory itself when local (undefined),
 * else a download of the delivery's files into this machine's scratch, removed afterwards.
 */
async function withFolderSource<T>(
  assets: AssetStore,
  needed: boolean,
  files: string[],
  keyOf: (file: string) => string,
  deliver: (dir: string | undefined) => Promise<T>,
): Promise<T> {
  if (!needed || assets.kind === 'local') return deliver(undefined);
  await mkdir(assets.stagingDir, { recursive: true });
  const root = await mkdtemp(join(assets.stagingDir, '.delivery-'));
  try {
    for (const file of files) {
      const key = keyOf(file);
      await assets.download(key, join(root, ...key.split('/')));
    }
    return await deliver(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
