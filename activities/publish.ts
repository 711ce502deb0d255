// deliverToChannel: one delivery of one segment's video to one channel, recorded in the delivery ledger.
import { createHash } from 'node:crypto';
import { createWebhookChannel } from '../channels/webhook.ts';
import { getCampaign, getSegment } from '../db/campaign-repo.ts';
import { appendAuditIn } from '../db/audit-repo.ts';
import { getChannelWithSecret, routeMatches } from '../db/channel-repo.ts';
import { ensureDelivery, finishAttempt, startAttempt } from '../db/delivery-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { findVideo } from '../db/video-repo.ts';
import { ChannelGoneError, ChannelUnavailableError, DeliveryRejectedError, InputError } from '../shared/errors.ts';
import type { ActivityDeps } from './deps.ts';
import { rethrowHonouringRetryAfter } from './retry-after.ts';

export interface DeliverToChannelInput {
  campaignId: string;
  segmentId: string;
  channelId: string;
  generationKey: string;
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

export function createPublishActivities({ pool, publicBaseUrl, allowHttpLoopback, secrets }: ActivityDeps) {
  return {
    async deliverToChannel(input: DeliverToChannelInput): Promise<{ deliveryId: string; status: string }> {
      const campaign = await getCampaign(pool, input.campaignId);
      const segment = await getSegment(pool, input.campaignId, input.segmentId);
      const video = await findVideo(pool, input.generationKey);
      const channel = await getChannelWithSecret(pool, secrets, input.channelId);
      if (!campaign || !segment || !video || !channel) {
        throw new InputError(`Nothing to deliver: campaign, segment, video or channel ${input.channelId} not found.`);
      }
      const eventType = 'video.approved';
      const id = deliveryId({ ...input, eventType, videoSha256: video.videoSha256 });
      // The campaign workflow hands every segment all of the campaign's channels; routing decides per segment.
      if (!routeMatches(channel.route, segment)) return { deliveryId: id, status: 'not-routed' };
      if (channel.status !== 'active') return { deliveryId: id, status: 'disabled' };
      if (channel.kind !== 'webhook' || !channel.target || !channel.secret) {
        throw new InputError(`Channel ${channel.id} (${channel.kind}) cannot take webhook deliveries.`);
      }
      const row = await ensureDelivery(pool, { id, ...input, eventType, videoSha256: video.videoSha256 });
      // A retried or replayed activity must not deliver twice: the ledger says it already happened.
      if (row.status === 'delivered') return { deliveryId: id, status: row.status };

      const assetBase = `${publicBaseUrl}/assets/${encodeURIComponent(input.campaignId)}/${encodeURIComponent(input.segmentId)}`;
      const adapter = createWebhookChannel({ url: channel.target, secret: channel.secret, allowHttpLoopback });
      const attempt = await startAttempt(pool, id);
      const started = Date.now();
      try {
        const result = await adapter.deliver({
          deliveryId: id,
          eventType,
          timestamp: new Date(),
          data: {
            campaignId: input.campaignId,
            segmentId: input.segmentId,
            segmentLabel: segment.label,
            language: segment.language,
            scriptSha256: video.scriptSha256,
            video: { url: `${assetBase}/video.mp4`, sha256: video.videoSha256, durationSeconds: video.durationSeconds },
            captions: { url: `${assetBase}/captions.vtt`, language: segment.language },
            manifest: { url: `${assetBase}/manifest.json`, sha256: video.manifestSha256 },
            descriptions: { url: `${assetBase}/descriptions.vtt`, language: segment.language },
            transcript: { html: `${assetBase}/transcript.html`, text: `${assetBase}/transcript.txt` },
          },
        });
        // The delivery and its audit entry commit together: the log never misses, nor doubles, a publication.
        await inTransaction(pool, async (tx) => {
          await finishAttempt(tx, {
            id,
            attempt,
            statusCode: result.statusCode,
            latencyMs: result.latencyMs,
            status: 'delivered',
          });
          await appendAuditIn(tx, {
            actor: 'klartext',
            action: 'publication',
            subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
            details: { channel: input.channelId, deliveryId: id, videoSha256: video.videoSha256, eventType },
          });
        });
        return { deliveryId: id, status: 'delivered' };
      } catch (err) {
        const known = err instanceof DeliveryRejectedError || err instanceof ChannelUnavailableError;
        // 410 disables the channel, other permanent refusals fail the delivery, anything else stays pending for retry.
        const status =
          err instanceof ChannelGoneError ? 'disabled' : err instanceof DeliveryRejectedError ? 'failed' : 'pending';
        await finishAttempt(pool, {
          id,
          attempt,
          statusCode: known ? err.statusCode : undefined,
          latencyMs: Date.now() - started,
          error: (err as Error).message,
          status,
        });
        rethrowHonouringRetryAfter(err);
      }
    },
  };
}
