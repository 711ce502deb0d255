// A campaign's outcome per segment, assembled from the database: what the demo prints and writes to summary.json.
import type { RenditionFile } from '../shared/renditions.ts';
import { getCampaign, listSegmentsPage } from '../db/campaign-repo.ts';
import { listDeliveries } from '../db/delivery-repo.ts';
import type { Queryable } from '../db/pool.ts';
import { latestDecisions } from '../db/review-repo.ts';
import { findingCounts } from '../db/script-repo.ts';
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
  /** Segments of the campaign, on every page (absent: as many as `segments` lists). */
  segmentCount?: number;
  /** The last segment id of this page when more follow: the next page starts after it. */
  nextAfter?: string;
  segments: SegmentSummary[];
}

/** Which of a campaign's segments a summary covers: all (no limit), a page after segment `after`, or one. */
export interface SummaryPage {
  after?: string;
  limit?: number;
  segmentId?: string;
}

/**
 * Builds the summary of a campaign (all its segments, or the page asked for), or undefined when the campaign does not
 * exist. Six queries however many segments: the campaign, the page of segments, then their latest decisions, videos,
 * script findings and deliveries, each for the whole page at once.
 */
export async function buildCampaignSummary(
  db: Queryable,
  campaignId: string,
  page: SummaryPage = {},
): Promise<CampaignSummary | undefined> {
  const [campaign, { segments, total, more }] = await Promise.all([
    getCampaign(db, campaignId),
    listSegmentsPage(db, campaignId, page),
  ]);
  if (!campaign) return undefined;
  const ids = segments.map((s) => s.id);
  const [decisions, videos, deliveries] = await Promise.all([
    latestDecisions(db, campaignId, ids),
    listCampaignVideos(db, campaignId, ids),
    listDeliveries(db, campaignId, ids),
  ]);
  const videoOf = new Map(videos.map((v) => [v.segmentId, v]));
  const shaOf = (id: string) => videoOf.get(id)?.scriptSha256 ?? decisions.get(id)?.scriptSha256;
  const checks = await findingCounts(
    db,
    campaignId,
    ids.flatMap((id) => (shaOf(id) ? [{ segmentId: id, sha256: shaOf(id)! }] : [])),
  );
  const deliveriesOf = new Map<string, typeof deliveries>();
  for (const d of deliveries) deliveriesOf.set(d.segmentId, [...(deliveriesOf.get(d.segmentId) ?? []), d]);
  const summaries = segments.map((s): SegmentSummary => {
    const last = decisions.get(s.id);
    const video = videoOf.get(s.id);
    return {
      segmentId: s.id,
      label: s.label,
      language: s.language,
      status: s.status,
      scriptSha256: shaOf(s.id),
      checks: checks.get(s.id),
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
      deliveries: (deliveriesOf.get(s.id) ?? []).map((d) => ({
        channel: d.channelId,
        deliveryId: d.id,
        event: d.eventType,
        status: d.status,
        attempts: d.attempts,
        ...(d.lastStatusCode === undefined ? {} : { lastStatusCode: d.lastStatusCode }),
        ...(d.lastError === undefined || d.status === 'delivered' ? {} : { lastError: d.lastError }),
      })),
    };
  });
  return {
    campaignId,
    name: campaign.name,
    title: campaign.title,
    status: campaign.status,
    segmentCount: total,
    ...(more ? { nextAfter: segments.at(-1)?.id } : {}),
    segments: summaries,
  };
}
