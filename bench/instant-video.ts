// The campaign benchmark's instant renderer (bench only, never a product default): a renderVideo activity with the
// product's bookkeeping (script and campaign read, a tiny video file and captions written, the video ledger row) and
// no ffmpeg, so the benchmark measures orchestration rather than encoding.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderVideoInput, RenderVideoResult } from '../activities/videos.ts';
import { getCampaign } from '../db/campaign-repo.ts';
import { getScriptVersion } from '../db/script-repo.ts';
import type { Pool } from '../db/pool.ts';
import { findVideo, saveVideo } from '../db/video-repo.ts';
import { InputError } from '../shared/errors.ts';

/** A renderVideo that writes a few bytes instead of encoding a video; repeated calls reuse the ledger row. */
export function instantRenderVideo(pool: Pool, outDir: string) {
  return async function renderVideo(input: RenderVideoInput): Promise<RenderVideoResult> {
    const { campaignId, segmentId, scriptSha256 } = input;
    const version = await getScriptVersion(pool, { campaignId, segmentId, sha256: scriptSha256 });
    const campaign = await getCampaign(pool, campaignId);
    if (!version || !campaign) throw new InputError(`Script ${scriptSha256} or its campaign is missing.`);
    const generationKey = createHash('sha256')
      .update(
        JSON.stringify({ campaignId, segmentId, scriptSha256, renderer: 'bench-instant', attempt: input.attempt }),
      )
      .digest('hex');
    const existing = await findVideo(pool, generationKey);
    if (existing)
      return { generationKey, videoSha256: existing.videoSha256, durationSeconds: existing.durationSeconds };
    const dir = join(outDir, campaignId, segmentId);
    await mkdir(dir, { recursive: true });
    const bytes = Buffer.from(`bench video of ${segmentId} from script ${scriptSha256}\n`);
    const videoPath = join(dir, 'video.mp4');
    const captionsPath = join(dir, 'captions.vtt');
    await writeFile(videoPath, bytes);
    await writeFile(captionsPath, 'WEBVTT\n');
    const videoSha256 = createHash('sha256').update(bytes).digest('hex');
    const durationSeconds = 30;
    await saveVideo(pool, {
      campaignId,
      segmentId,
      generationKey,
      scriptSha256,
      videoPath,
      videoSha256,
      durationSeconds,
      captionsPath,
    });
    return { generationKey, videoSha256, durationSeconds };
  };
}
