// Revocation bookkeeping: which published videos a retraction reaches, and marking them no longer endorsed.
import { appendAuditIn } from '../db/audit-repo.ts';
import { inTransaction } from '../db/pool.ts';
import { setProvenanceStatus } from '../db/provenance-repo.ts';
import type { ActivityDeps } from './deps.ts';

export interface PlanRevocationInput {
  campaignId: string;
  /** Only these segments; all of the campaign's when absent. */
  segmentIds?: string[];
}

/** One endorsed video to retract, and the channels that may hold a copy. */
export interface RevocationTarget {
  segmentId: string;
  videoSha256: string;
  generationKey: string;
  channelIds: string[];
}

export interface MarkRetractedInput {
  campaignId: string;
  segmentId: string;
  videoSha256: string;
  reason: string;
  actor: string;
}

export function createRevocationActivities({ pool }: ActivityDeps) {
  return {
    /**
     * The campaign's endorsed videos with every channel that was sent them. A delivery that was attempted counts even
     * without a confirmed answer: the receiver may have stored it before the connection dropped.
     */
    async planRevocation(input: PlanRevocationInput): Promise<RevocationTarget[]> {
      const r = await pool.query(
        `SELECT p.segment_id, p.video_sha256,
                (SELECT v.generation_key FROM videos v WHERE v.video_sha256 = p.video_sha256
                  AND v.campaign_id = p.campaign_id ORDER BY v.created_at DESC LIMIT 1) AS generation_key,
                COALESCE((SELECT array_agg(DISTINCT d.channel_id ORDER BY d.channel_id) FROM deliveries d
                  WHERE d.campaign_id = p.campaign_id AND d.video_sha256 = p.video_sha256
                    AND d.event_type IN ('video.approved', 'video.replaced')
                    AND (d.status = 'delivered' OR d.attempts > 0)), '{}') AS channel_ids
           FROM provenance p
          WHERE p.campaign_id = $1 AND p.status = 'endorsed' AND ($2::text[] IS NULL OR p.segment_id = ANY($2))
          ORDER BY p.segment_id`,
        [input.campaignId, input.segmentIds ?? null],
      );
      return r.rows
        .filter((row) => row.generation_key)
        .map((row) => ({
          segmentId: row.segment_id,
          videoSha256: row.video_sha256,
          generationKey: row.generation_key,
          channelIds: row.channel_ids,
        }));
    },

    /** Marks a video retracted for everyone who checks it (provenance endpoint, `klartext verify`), audited once. */
    async markRetracted(input: MarkRetractedInput): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const current = await tx.query(`SELECT status FROM provenance WHERE video_sha256 = $1 FOR UPDATE`, [
          input.videoSha256,
        ]);
        // A retried activity finds the status already set and logs nothing twice.
        if (current.rows[0]?.status !== 'endorsed') return;
        await setProvenanceStatus(tx, input.videoSha256, 'retracted', input.reason);
        await appendAuditIn(tx, {
          actor: input.actor,
          action: 'video.retracted',
          subject: `campaign/${input.campaignId}/segment/${input.segmentId}`,
          details: { videoSha256: input.videoSha256, reason: input.reason },
        });
      });
    },
  };
}
