// `npm run bench:render`: renders the example campaign's segment scripts with the local renderer in every format (the
// campaign's own and the 9:16, 1:1 and open-captions renditions), then re-encodes the same frames and audio with the
// same codec settings (the floor); prints both speeds and their ratio per format, and the targets. The narration is
// synthesised once per script and timed on its own, as in the pipeline, where every rendition of a video shares it.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg, resolveFont, runFfmpeg } from '../video/render/ffmpeg.ts';
import { AUDIO_CODEC, renderLocalVideo, VIDEO_CODEC } from '../video/render/local-renderer.ts';
import { narrate } from '../video/render/narration.ts';
import { createTts, type Tts } from '../video/render/tts.ts';
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
const dir = await mkdtemp(join(tmpdir(), 'klartext-bench-render-'));

/** The configured engine, each (language, text) spoken once and then copied: the renders time frames, not speech. */
function cachedTts(engine: Tts): Tts {
  const spoken = new Map<string, Promise<{ wav: string; seconds: number }>>();
  const cacheDir = join(dir, 'speech');
  return {
    ...engine,
    synthesize(text, lang, outWav, options) {
      const key = `${lang}\n${text}`;
      let entry = spoken.get(key);
      if (!entry) {
        const wav = join(cacheDir, `${spoken.size}.wav`);
        entry = mkdir(cacheDir, { recursive: true })
          .then(() => engine.synthesize(text, lang, wav, options))
          .then(({ seconds }) => ({ wav, seconds }));
        spoken.set(key, entry);
      }
      return entry.then(async ({ wav, seconds }) => {
        await copyFile(wav, outWav);
        return { seconds };
      });
    },
  };
}
const tts = cachedTts(createTts());
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
  // Speech first, once per script, as a video's renditions share it.
  let started = performance.now();
  for (const [i, { script }] of scripts.entries()) {
    const work = join(dir, `narration-${i}`);
    await mkdir(work, { recursive: true });
    await narrate(script, tts, work);
  }
  const narrationWall = (performance.now() - started) / 1000;

  const rows: { name: string; size: string; seconds: number; render: number; bare: number }[] = [];
  for (const { name, spec } of FORMATS) {
    // Each segment's render is followed at once by its floor (decode the rendered video and encode its frames and
    // audio again with the renderer's codec settings), so both run under the same load on a shared machine.
    const videos: { path: string; seconds: number }[] = [];
    let renderWall = 0;
    let bareWall = 0;
    for (const [i, { segment, script }] of scripts.entries()) {
      started = performance.now();
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

  console.log(
    `${segments.length} segments per format; narration (${tts.engine}) ${narrationWall.toFixed(2)} s, once per ` +
      'script and shared by its formats',
  );
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
  // End to end for the main format: its speech and its frames, as a campaign without renditions renders.
  const mainSpeed = main.seconds / (narrationWall + main.render);
  console.log(
    `targets: main format, narration included, ≥ 10x real time (${mainSpeed.toFixed(1)}x); every format's frames ` +
      `≤ 1.3x their bare encode (worst ${worstRatio.toFixed(2)})`,
  );
  console.log(worstRatio <= 1.3 && mainSpeed >= 10 ? 'targets met' : 'TARGETS MISSED');
} finally {
  await rm(dir, { recursive: true, force: true });
}
