// renderVideo and writeManifest: the approved script becomes an MP4 with captions and a provenance manifest.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { heartbeat } from '@temporalio/activity';
import { getCampaign } from '../db/campaign-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { findVideo, saveVideo, setVideoManifest, type VideoRecord } from '../db/video-repo.ts';
import { canonicalJson } from '../shared/hash.ts';
import { scriptClaimIds } from '../shared/text.ts';
import { InputError } from '../shared/errors.ts';
import type { RecordedDecision } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { resolveFfmpeg, resolveFont } from './render/ffmpeg.ts';
import { renderLocalVideo } from './render/local-renderer.ts';
import { sha256File } from './render/files.ts';
import { buildManifest, writeManifest } from './render/manifest.ts';

// Bump when the local renderer's output changes, so the ledger renders anew instead of reusing old videos.
const LOCAL_RENDERER_VERSION = 'local-1';

export interface RenderVideoInput {
  campaignId: string;
  segmentId: string;
  scriptSha256: string;
}

export interface RenderVideoResult {
  generationKey: string;
  videoSha256: string;
  durationSeconds: number;
}

export function createVideoActivities({ pool, outDir }: ActivityDeps) {
  const segmentDir = (campaignId: string, segmentId: string) => join(outDir, campaignId, segmentId);
  return {
    async renderVideo(input: RenderVideoInput): Promise<RenderVideoResult> {
      const version = await getScriptVersion(pool, { ...input, sha256: input.scriptSha256 });
      const campaign = await getCampaign(pool, input.campaignId);
      if (!version || !campaign) throw new InputError(`Script ${input.scriptSha256} or its campaign is missing.`);
      const { width, height } = campaign.brief.video;
      const settings = { renderer: LOCAL_RENDERER_VERSION, width, height, branding: campaign.brief.branding };
      const generationKey = createHash('sha256')
        .update(canonicalJson({ ...input, ...settings }))
        .digest('hex');
      // The ledger makes a retried or replayed render free: a finished video is reused, never made twice.
      const existing = await findVideo(pool, generationKey);
      if (existing && existsSync(existing.videoPath)) return toResult(existing);

      const beat = setInterval(() => heartbeat({ generationKey }), 5_000);
      try {
        const rendered = await renderLocalVideo({
          script: version.script,
          branding: campaign.brief.branding,
          width,
          height,
          outDir: segmentDir(input.campaignId, input.segmentId),
          ffmpeg: resolveFfmpeg().ffmpeg,
          fontFile: resolveFont().regular,
          boldFontFile: resolveFont().bold,
        });
        const saved = await saveVideo(pool, {
          campaignId: input.campaignId,
          segmentId: input.segmentId,
          generationKey,
          scriptSha256: input.scriptSha256,
          videoPath: rendered.videoPath,
          videoSha256: rendered.sha256,
          durationSeconds: rendered.durationSeconds,
          captionsPath: rendered.captionsPath,
        });
        return toResult(saved);
      } finally {
        clearInterval(beat);
      }
    },

    async writeManifest(input: {
      campaignId: string;
      segmentId: string;
      generationKey: string;
      approvals: RecordedDecision[];
    }): Promise<{ path: string; sha256: string }> {
      const video = await findVideo(pool, input.generationKey);
      const version = video && (await getScriptVersion(pool, { ...input, sha256: video.scriptSha256 }));
      const campaign = await getCampaign(pool, input.campaignId);
      if (!video || !version || !campaign) throw new InputError(`No rendered video for ${input.generationKey}.`);
      const manifest = buildManifest({
        campaignId: input.campaignId,
        segmentId: input.segmentId,
        scriptSha256: video.scriptSha256,
        claimIds: scriptClaimIds(version.script),
        review: input.approvals.map((a) => ({
          reviewer: a.reviewerName,
          reviewerId: a.reviewerId,
          role: a.role,
          decidedAt: a.decidedAt,
        })),
        video: {
          sha256: video.videoSha256,
          durationSeconds: video.durationSeconds,
          width: campaign.brief.video.width,
          height: campaign.brief.video.height,
        },
        captionsSha256: await sha256File(video.captionsPath),
        renderer: 'local',
        generatedAt: new Date().toISOString(),
      });
      const written = await writeManifest(segmentDir(input.campaignId, input.segmentId), manifest);
      await setVideoManifest(pool, input.generationKey, written.path, written.sha256);
      return written;
    },
  };
}

function toResult(v: VideoRecord): RenderVideoResult {
  return { generationKey: v.generationKey, videoSha256: v.videoSha256, durationSeconds: v.durationSeconds };
}
