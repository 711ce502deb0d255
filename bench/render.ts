// `npm run bench:render`: renders the example campaign's segment scripts with the local renderer in every format (the
// campaign's own and the 9:16, 1:1 and open-captions renditions), then re-encodes the same frames and audio with the
// same codec settings (the floor); prints both speeds and their ratio per format, and the targets.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, resolveFont, runFfmpeg } from '../video/render/ffmpeg.ts';
import { AUDIO_CODEC, renderLocalVideo, VIDEO_CODEC } from '../video/render/local-renderer.ts';
import { createTts } from '../video/render/tts.ts';
import { loadCampaign } from '../cli/load-campaign.ts';
import { composeScript } from '../scripts/compose.ts';
import { loadTemplates } from '../prompts/templates.ts';
import { renditionSpec } from '../shared/renditions.ts';

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

// Every format a channel can take: the campaign's own (16:9 in the example) and the renditions, open captions included.
const FORMATS: { name: string; spec: { width: number; height: number; openCaptions: boolean } }[] = [
  { name: 'main', spec: { width, height, openCaptions: false } },
  ...(['portrait', 'square', 'portrait-open-captions'] as const).map((id) => ({
    name: id,
    spec: renditionSpec(id, { width, height }),
  })),
];

try {
  const scripts = segments.map((segment) => ({
    segment,
    script: composeScript({ brief, segment, claims, templates, today: '2026-10-01' }),
  }));
  const rows: { name: string; size: string; seconds: number; render: number; bare: number }[] = [];
  for (const { name, spec } of FORMATS) {
    // Each format is rendered on its own, narration included, so its time is what a render of it alone costs (in the
    // pipeline the renditions of one video share one narration, so this overstates their cost a little).
    // Each segment's render is followed at once by its floor (decode the rendered video and encode its frames and
    // audio again with the renderer's codec settings), so both run under the same load on a shared machine.
    const videos: { path: string; seconds: number }[] = [];
    let renderWall = 0;
    let bareWall = 0;
    for (const [i, { segment, script }] of scripts.entries()) {
      let started = performance.now();
      const rendered = await renderLocalVideo({
        script,
        branding: brief.branding,
        width: spec.width,
        height: spec.height,
        ...(spec.openCaptions ? { openCaptions: true } : {}),
        outDir: join(dir, name, segment.id),
        ffmpeg,
        fontFile: fonts.regular,
        boldFontFile: fonts.bold,
        tts,
      });
      renderWall += (performance.now() - started) / 1000;
      videos.push({ path: rendered.videoPath, seconds: rendered.durationSeconds });
      started = performance.now();
      // prettier-ignore
      await runFfmpeg(ffmpeg, [
        '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', rendered.videoPath,
        ...VIDEO_CODEC, '-r', '25', ...AUDIO_CODEC, '-f', 'mp4', join(dir, name, `bare-${i}.mp4`),
      ]);
      bareWall += (performance.now() - started) / 1000;
    }
    const seconds = videos.reduce((sum, v) => sum + v.seconds, 0);
    rows.push({ name, size: `${spec.width}x${spec.height}`, seconds, render: renderWall, bare: bareWall });
  }

  console.log(`${segments.length} segments per format, narration: ${tts.engine}`);
  console.log('format                   size        video s   render s  speed    bare s  speed   render/bare');
  for (const r of rows) {
    const cells = [
      r.name.padEnd(24),
      r.size.padEnd(10),
      r.seconds.toFixed(1).padStart(8),
      r.render.toFixed(2).padStart(9),
      `${(r.seconds / r.render).toFixed(1)}x`.padStart(7),
      r.bare.toFixed(2).padStart(8),
      `${(r.seconds / r.bare).toFixed(1)}x`.padStart(7),
      (r.render / r.bare).toFixed(2).padStart(8),
    ];
    console.log(cells.join(' '));
  }
  const main = rows[0]!;
  const worstRatio = Math.max(...rows.map((r) => r.render / r.bare));
  const mainSpeed = main.seconds / main.render;
  console.log(
    `targets: main format ≥ 10x real time (${mainSpeed.toFixed(1)}x), every format ≤ 1.3x its bare encode ` +
      `(worst ${worstRatio.toFixed(2)})`,
  );
  console.log(worstRatio <= 1.3 && mainSpeed >= 10 ? 'targets met' : 'TARGETS MISSED');
} finally {
  await rm(dir, { recursive: true, force: true });
}
