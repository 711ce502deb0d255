// What a delivery tells a channel: the thin JSON payload with signed links, or local files for a folder drop.
import { join } from 'node:path';
import { DELIVERY_LINK_SECONDS, signAssetUrl } from '../channels/asset-urls.ts';
import { FOLDER_FILE_NAMES, type DeliveryEventType } from '../channels/channel.ts';
import type { RenditionId } from '../shared/renditions.ts';

/** The files every delivered video has; renditions are added per channel. */
const FOLDER_BASE_FILES = FOLDER_FILE_NAMES.filter((n) => !n.startsWith('video-'));
import type { SegmentRow } from '../db/campaign-repo.ts';
import type { VideoRecord } from '../db/video-repo.ts';

export interface PayloadInput {
  eventType: Exclude<DeliveryEventType, 'ping'>;
  campaignId: string;
  segment: Pick<SegmentRow, 'id' | 'label' | 'language' | 'tags'>;
  video: VideoRecord;
  channelKind: string;
  /** The directory holding `<campaignId>/<segmentId>/<file>` on this machine (folder channels copy from it). */
  outDir: string;
  /** Links to the files straight from the object store (presigned), by file name; absent: signed API links. */
  links?: Readonly<Record<string, string>>;
  /** How long the links stay valid (default DELIVERY_LINK_SECONDS). */
  linkSeconds?: number;
  /** Where the API serves assets, and the key signing the links (absent: links are left unsigned). */
  publicBaseUrl: string;
  linkKey?: Buffer;
  reason?: string;
  replacesVideoSha256?: string;
  /** Set when the segment runs two script variants: the segment they are variants of, this one's letter and name. */
  variant?: { segmentId: string; letter: 'a' | 'b'; name: string };
  /** The further renditions the channel takes (shared/renditions.ts); absent: the main video only. */
  renditions?: readonly RenditionId[];
}

/**
 * The `data` of a delivery. Approvals and replacements carry signed, expiring links (and, for folder channels, the
 * local files); a retraction carries only ids, the hash of the withdrawn video and the reason, since its files are no
 * longer offered.
 */
export function deliveryData(p: PayloadInput): Record<string, unknown> {
  const { campaignId, segment, video } = p;
  const base = {
    campaignId,
    segmentId: segment.id,
    segmentLabel: segment.label,
    language: segment.language,
    tags: segment.tags,
    scriptSha256: video.scriptSha256,
    ...(p.variant ? { variant: p.variant } : {}),
  };
  if (p.eventType === 'video.retracted') {
    return { ...base, video: { sha256: video.videoSha256 }, reason: p.reason ?? 'withdrawn by the agency' };
  }
  const path = (file: string) => `/assets/${encodeURIComponent(campaignId)}/${encodeURIComponent(segment.id)}/${file}`;
  const now = Date.now() / 1000;
  const ttl = p.linkSeconds ?? DELIVERY_LINK_SECONDS;
  const url = (file: string) =>
    p.links?.[file] ??
    (p.linkKey ? signAssetUrl(p.linkKey, p.publicBaseUrl, path(file), now, ttl) : `${p.publicBaseUrl}${path(file)}`);
  // The renditions the channel takes that this video has; one asked for after the video was rendered is named as
  // missing, so the receiver knows why it is not there.
  const wanted = p.renditions ?? [];
  const available = (video.renditions ?? []).filter((r) => wanted.includes(r.id));
  const missing = wanted.filter((id) => !available.some((r) => r.id === id));
  const data: Record<string, unknown> = {
    ...base,
    video: { url: url('video.mp4'), sha256: video.videoSha256, durationSeconds: video.durationSeconds },
    ...(available.length > 0
      ? {
          renditions: Object.fromEntries(
            available.map((r) => [
              r.id,
              { url: url(r.file), sha256: r.sha256, width: r.width, height: r.height, openCaptions: r.openCaptions },
            ]),
          ),
        }
      : {}),
    ...(missing.length > 0 ? { renditionsMissing: missing } : {}),
    captions: { url: url('captions.vtt'), language: segment.language },
    descriptions: { url: url('descriptions.vtt'), language: segment.language },
    transcript: { html: url('transcript.html'), text: url('transcript.txt') },
    manifest: { url: url('manifest.json'), sha256: video.manifestSha256 },
    linksExpireAt: new Date((Math.floor(now) + ttl) * 1000).toISOString(),
    ...(p.replacesVideoSha256 ? { replaces: { videoSha256: p.replacesVideoSha256 } } : {}),
  };
  if (p.channelKind === 'folder') {
    // `files` names what a folder drop copies: the directory holds them (the asset directory, or a fresh download).
    const dir = join(p.outDir, campaignId, segment.id);
    const names = [...FOLDER_BASE_FILES, ...available.map((r) => r.file)];
    data.files = Object.fromEntries([...new Set(names)].map((n) => [n, join(dir, n)]));
  }
  return data;
}

/** The file names a delivery links to or drops: the main video and its companions, and the channel's renditions. */
export function deliveryFiles(video: VideoRecord, renditions: readonly RenditionId[] = []): string[] {
  const own = (video.renditions ?? []).filter((r) => renditions.includes(r.id)).map((r) => r.file);
  return [...new Set([...FOLDER_BASE_FILES, ...own])];
}
