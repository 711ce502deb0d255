// `npm run bench:render`: renders the example campaign's segment scripts with the local renderer, then re-encodes
// the same frames and audio with the same codec settings (the floor); prints both speeds, their ratio and targets.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, resolveFont, runFfmpeg } from '../video/render/ffmpeg.ts';
import { AUDIO_CODEC, renderLocalVideo, VIDEO_CODEC } from '../video/render/local-renderer.ts';
import { createTts } from '../video/render/tts.ts';
import { loadCampaign } from '../cli/load-campaign.ts';
import { composeScript } from '../scripts/compose.ts';
import { loadTemplates } from '../prompts/templates.ts';

const ROOT = join(import.meta.dirname, '..');
const campaignFile = join(ROOT, 'examples', 'autumn-vaccination-2026', 'campaign.yaml');
const { brief, segments, claims } = await loadCampaign(campaignFile, {
  ...process.env,
  KLARTEXT_DEMO_WEBHOOK_URL: 'http://127.0.0.1:9/x',
  KLARTEXT_DEMO_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  KLARTEXT_DEMO_FEED_TOKEN: 'kft_bench-feed-token-not-used-0123456789',
});
const templates = loadTemplates().sources;
const { ffmpeg } = resolveFfmpeg();
const fonts = resolveFont();
const tts = createTts();
const dir = await mkdtemp(join(tmpdir(), 'klartext-bench-render-'));
const { width, height } = brief.video;

try {
  const videos: { path: string; seconds: number }[] = [];
  let started = performance.now();
  for (const segment of segments) {
    const script = composeScript({ brief, segment, claims, templates, today: '2026-10-01' });
    const rendered = await renderLocalVideo({
      script,
      branding: brief.branding,
      width,
      height,
      outDir: join(dir, segment.id),
      ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts,
    });
    videos.push({ path: rendered.videoPath, seconds: rendered.durationSeconds });
  }
  const renderWall = (performance.now() - started) / 1000;

  // The floor: decode each rendered video and encode its frames and audio again with the renderer's codec settings.
  started = performance.now();
  for (const [i, video] of videos.entries()) {
    // prettier-ignore
    await runFfmpeg(ffmpeg, [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', video.path,
      ...VIDEO_CODEC, '-r', '25', ...AUDIO_CODEC, '-f', 'mp4', join(dir, `bare-${i}.mp4`),
    ]);
  }
  const bareWall = (performance.now() - started) / 1000;

  const videoSeconds = videos.reduce((sum, v) => sum + v.seconds, 0);
  const renderSpeed = videoSeconds / renderWall;
  const bareSpeed = videoSeconds / bareWall;
  const ratio = renderWall / bareWall;
  console.log(
    `${videos.length} segments, ${width}x${height}, narration: ${tts.engine}, ${videoSeconds.toFixed(1)} s of video`,
  );
  console.log(`render ${renderWall.toFixed(2).padStart(7)} s wall   ${renderSpeed.toFixed(1).padStart(5)}x real time`);
  console.log(`bare   ${bareWall.toFixed(2).padStart(7)} s wall   ${bareSpeed.toFixed(1).padStart(5)}x real time`);
  console.log(`ratio render/bare ${ratio.toFixed(2)} (target ≤ 1.3)   render speed (target ≥ 10x real time)`);
  console.log(ratio <= 1.3 && renderSpeed >= 10 ? 'targets met' : 'TARGETS MISSED');
} finally {
  await rm(dir, { recursive: true, force: true });
}
