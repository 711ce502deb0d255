import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captionCues } from '../../../video/render/captions.ts';
import { resolveFfmpeg, resolveFont } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout } from '../../../video/render/frame-layout.ts';
import { renderLocalVideo, type RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { sceneTimeline } from '../../../video/render/timeline.ts';
import { createTts } from '../../../video/render/tts.ts';
import { darkPixels } from './media-probes.ts';
import { branding, twoSceneScript } from './script-fixture.ts';
import { cueText, parseVtt } from './vtt.ts';

const fonts = resolveFont();
const [width, height] = [720, 1280];
let dir: string;
const results: Record<string, RenderLocalVideoResult> = {};

const render = (openCaptions: boolean) =>
  renderLocalVideo({
    script: twoSceneScript(),
    branding,
    width,
    height,
    outDir: join(dir, String(openCaptions)),
    ffmpeg: resolveFfmpeg().ffmpeg,
    fontFile: fonts.regular,
    boldFontFile: fonts.bold,
    tts: createTts({ mode: 'silent' }),
    openCaptions,
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-open-captions-'));
  [results.open, results.closed] = await Promise.all([render(true), render(false)]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderLocalVideo with open captions (9:16)', () => {
  const layout = frameLayout(width, height, twoSceneScript().title, loadFontMetrics(fonts.bold), {
    openCaptions: true,
  });
  const band = layout.captions!;
  const region = `${band.w}:${band.h}:${band.x}:${band.y}`;

  it('draws each scene caption cue in the captions band at its cue time, and nothing there without open captions', async () => {
    // Unnarrated, the disclosure cue runs alongside scene 1's: the band shows the narration (the label discloses).
    // The end card shows the call to action itself, so its cue is not drawn.
    const timeline = sceneTimeline(twoSceneScript());
    const cues = captionCues(twoSceneScript(), timeline).filter((c) => !c.settings && c.start < timeline.endCard.start);
    for (const cue of cues) {
      const middle = (cue.start + cue.end) / 2;
      expect({ cue: cue.lines, dark: (await darkPixels(results.open!.videoPath, middle, region)) > 2000 }).toEqual({
        cue: cue.lines,
        dark: true,
      });
      expect(await darkPixels(results.closed!.videoPath, middle, region)).toBeLessThan(50);
    }
  });

  it('keeps the same WebVTT captions beside the video', async () => {
    const [open, closed] = await Promise.all([
      readFile(results.open!.captionsPath, 'utf8'),
      readFile(results.closed!.captionsPath, 'utf8'),
    ]);
    expect(open).toBe(closed);
    expect(parseVtt(open).map(cueText).join(' ')).toContain(twoSceneScript().callToAction);
  });

  it('leaves the end card to its call to action, with no caption box under it', async () => {
    const endCard = results.open!.durationSeconds - 1;
    // The end card is the primary colour, lighter than the caption box: no caption box shows.
    expect(await darkPixels(results.open!.videoPath, endCard, region)).toBeLessThan(50);
  });
});
