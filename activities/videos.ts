// renderVideo and writeManifest: the approved script becomes an MP4 with captions and a provenance manifest.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { heartbeat } from '@temporalio/activity';
import { getCampaign, listCampaignClaims } from '../db/campaign-repo.ts';
import { recordProvenance } from '../db/provenance-repo.ts';
import { listSignatures } from '../db/signature-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import { findVideo, saveVideo, setVideoManifest, type VideoRecord } from '../db/video-repo.ts';
import { canonicalJson } from '../shared/hash.ts';
import { scriptClaimIds } from '../shared/text.ts';
import { InputError } from '../shared/errors.ts';
import type { RecordedDecision } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { resolveFfmpeg, resolveFont } from './render/ffmpeg.ts';
import { renderLocalVideo } from './render/local-renderer.ts';
import { DIGITAL_SOURCE_TYPES } from './render/metadata.ts';
import { createTts } from './render/tts.ts';
import { writeFileAtomically } from './render/files.ts';
import { MANIFEST_FILE } from './render/manifest.ts';
import { buildProvenanceContent } from './provenance/content.ts';
import { signManifest } from './provenance/manifest.ts';

// Bump when the local renderer's output changes, so the ledger renders anew instead of reusing old videos.
const LOCAL_RENDERER_VERSION = 'local-2';

/**
 * IPTC digital source type: a script written by a model makes the video `trainedAlgorithmicMedia`; the local
 * composer's template script rendered as slides is `algorithmicMedia` (no trained model involved).
 */
function digitalSourceTypeFor(scriptProvider: string): string {
  return scriptProvider === 'local'
    ? DIGITAL_SOURCE_TYPES.algorithmicMedia
    : DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia;
}

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

export function createVideoActivities({ pool, outDir, signingKey }: ActivityDeps) {
  const segmentDir = (campaignId: string, segmentId: string) => join(outDir, campaignId, segmentId);
  return {
    async renderVideo(input: RenderVideoInput): Promise<RenderVideoResult> {
      const version = await getScriptVersion(pool, { ...input, sha256: input.scriptSha256 });
      const campaign = await getCampaign(pool, input.campaignId);
      if (!version || !campaign) throw new InputError(`Script ${input.scriptSha256} or its campaign is missing.`);
      const { width, height } = campaign.brief.video;
      const tts = createTts();
      const digitalSourceType = digitalSourceTypeFor(version.provider);
      // The voice is part of the key: a silent render made before a TTS was installed is not reused afterwards.
      const settings = {
        renderer: LOCAL_RENDERER_VERSION,
        width,
        height,
        branding: campaign.brief.branding,
        narration: tts.name,
        digitalSourceType,
      };
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
          tts,
          digitalSourceType,
          campaignId: input.campaignId,
          segmentId: input.segmentId,
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
      if (!video || !version) throw new InputError(`No rendered video for ${input.generationKey}.`);
      // The signatures table is the record of who signed what; the workflow's approvals must all be in it.
      const signatures = await listSignatures(pool, input.campaignId, input.segmentId);
      const content = buildProvenanceContent({
        campaignId: input.campaignId,
        segmentId: input.segmentId,
        video: {
          sha256: video.videoSha256,
          sizeBytes: (await stat(video.videoPath)).size,
          durationSeconds: video.durationSeconds,
        },
        scriptSha256: video.scriptSha256,
        citedClaimIds: scriptClaimIds(version.script),
        claims: await listCampaignClaims(pool, input.campaignId),
        signatures,
        generator: { renderer: 'local', scriptProvider: version.provider, scriptModel: version.model },
        digitalSourceType: digitalSourceTypeFor(version.provider),
        createdAt: new Date().toISOString(),
      });
      const manifest = signManifest(content, signingKey);
      // Database first, then the file: a retried activity re-signs and both end up the same.
      await recordProvenance(pool, { ...input, videoSha256: video.videoSha256, manifest });
      const path = join(segmentDir(input.campaignId, input.segmentId), MANIFEST_FILE);
      const sha256 = await writeFileAtomically(path, `${JSON.stringify(manifest, null, 2)}\n`);
      await setVideoManifest(pool, input.generationKey, path, sha256);
      return { path, sha256 };
    },
  };
}

function toResult(v: VideoRecord): RenderVideoResult {
  return { generationKey: v.generationKey, videoSha256: v.videoSha256, durationSeconds: v.durationSeconds };
}
