// Test data for outcome readers: a video delivered to a channel and the totals the channel reported for it.
import { randomBytes } from 'node:crypto';
import { deliveryId } from '../../activities/publish.ts';
import { ensureDelivery, finishAttempt, startAttempt } from '../../db/delivery-repo.ts';
import { recordOutcomeMessage } from '../../db/outcome-repo.ts';
import type { Pool } from '../../db/pool.ts';

/** Records `segmentId`'s video as delivered to `channelId` and the channel's report of its counts (1 Dec 2026). */
export async function seedDeliveredOutcome(
  pool: Pool,
  row: {
    campaignId: string;
    segmentId: string;
    channelId: string;
    views: number;
    completions: number;
    ctaClicks?: number;
  },
): Promise<void> {
  const { campaignId, segmentId, channelId, views, completions } = row;
  const parts = { campaignId, segmentId, channelId, eventType: 'video.approved', videoSha256: 'c'.repeat(64) };
  const id = deliveryId(parts);
  await ensureDelivery(pool, { id, ...parts });
  await finishAttempt(pool, { id, attempt: await startAttempt(pool, id), latencyMs: 1, status: 'delivered' });
  await recordOutcomeMessage(pool, {
    channelId,
    webhookId: `msg_${randomBytes(8).toString('hex')}`,
    bodySha256: 'd'.repeat(64),
    reports: [
      {
        deliveryId: id,
        observedAt: new Date('2026-12-01T08:00:00Z'),
        views,
        completions,
        ctaClicks: row.ctaClicks ?? 0,
      },
    ],
  });
}
