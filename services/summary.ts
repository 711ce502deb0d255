// A campaign's outcome per segment, assembled from the database: what the demo prints and writes to summary.json.
import type { RenditionFile } from '../shared/renditions.ts';
import { getCampaign, listSegments } from '../db/campaign-repo.ts';
import { listDeliveries } from '../db/delivery-repo.ts';
import type { Queryable } from '../db/pool.ts';
import { listDecisions } from '../db/review-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { listCampaignVideos } from '../db/video-repo.ts';
import { describeNarration, type NarrationInfo } from '../shared/narration.ts';

export interface SegmentSummary {
  segmentId: string;
  label: string;
  language: string;
  status: string;
  scriptSha256?: string;
  /** Pre-review findings of that script version, by severity. */
  checks?: { blocking: number; warnings: number; info: number };
  review?: { reviewer: string; reviewerId: string; decision: string; decidedAt: string };
  video?: { path: string; sha256: string; durationSeconds: number };
  /** The video's further renditions (other frame formats, open captions): id, file name, size and SHA-256. */
  renditions?: RenditionFile[];
  captions?: { path: string };
  /** What spoke the video's narration, and that as one line; absent for videos rendered before it was recorded. */
  narration?: NarrationInfo & { description: string };
  manifest?: { path: string; sha256?: string };
  deliveries: {
    channel: string;
    deliveryId: string;
    event: string;
    status: string;
    attempts: number;
    lastStatusCode?: number;
    /** Why the last attempt failed (not shown once delivered). */
    lastError?: string;
  }[];
}

export interface CampaignSummary {
  campaignId: string;
  name: string;
  title: string;
  status: string;
  segments: SegmentSummary[];
}

/** Builds the summary of a campaign, or undefined when the campaign does not exist. */
export async function buildCampaignSummary(db: Queryable, campaignId: string): Promise<CampaignSummary | undefined> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) return undefined;
  const [segments, videos, deliveries] = await Promise.all([
    listSegments(db, campaignId),
    listCampaignVideos(db, campaignId),
    listDeliveries(db, campaignId),
  ]);
  const summaries: SegmentSummary[] = [];
  for (const s of segments) {
    const decisions = await listDecisions(db, campaignId, s.id);
    const last = decisions.at(-1);
    const video = videos.find((v) => v.segmentId === s.id);
    const scriptSha256 = video?.scriptSha256 ?? last?.scriptSha256;
    const version = scriptSha256
      ? await getScriptVersion(db, { campaignId, segmentId: s.id, sha256: scriptSha256 })
      : undefined;
    const count = (severity: string) => version?.findings.filter((f) => f.severity === severity).length ?? 0;
    summaries.push({
      segmentId: s.id,
      label: s.label,
      language: s.language,
      status: s.status,
      scriptSha256,
      checks: version && { blocking: count('blocking'), warnings: count('warning'), info: count('info') },
      review: last && {
        reviewer: last.reviewerName,
        reviewerId: last.reviewerId,
        decision: last.decision,
        decidedAt: last.decidedAt,
      },
      video: video && { path: video.videoPath, sha256: video.videoSha256, durationSeconds: video.durationSeconds },
      ...(video?.renditions?.length ? { renditions: video.renditions.map(({ path: _path, ...r }) => r) } : {}),
      captions: video && { path: video.captionsPath },
      narration: video?.narration && { ...video.narration, description: describeNarration(video.narration) },
      manifest: video?.manifestPath ? { path: video.manifestPath, sha256: video.manifestSha256 } : undefined,
      deliveries: deliveries
        .filter((d) => d.segmentId === s.id)
        .map((d) => ({
          channel: d.channelId,
          deliveryId: d.id,
          event: d.eventType,
          status: d.status,
          attempts: d.attempts,
          ...(d.lastStatusCode === undefined ? {} : { lastStatusCode: d.lastStatusCode }),
          ...(d.lastError === undefined || d.status === 'delivered' ? {} : { lastError: d.lastError }),
        })),
    });
  }
  return { campaignId, name: campaign.name, title: campaign.title, status: campaign.status, segments: summaries };
}
