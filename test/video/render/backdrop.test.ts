// Calm motion on slides: the drifting disc behind the text moves, slowly, and never flashes (WCAG 2.3.1).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Script } from '../../../shared/types.ts';
import { BACKDROP_OPACITY, backdropPlacement, tinted } from '../../../video/render/backdrop.ts';
import { resolveFfmpeg, resolveFont } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout } from '../../../video/render/frame-layout.ts';
import { contrastRatio } from '../../../video/render/layout.ts';
import { renderLocalVideo, type RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { createTts } from '../../../video/render/tts.ts';
import { branding, twoSceneScript } from './script-fixture.ts';

const fonts = resolveFont();
const [width, height] = [1280, 720];
const layout = frameLayout(width, height, twoSceneScript().title, loadFontMetrics(fonts.bold));
let dir: string;
let video: RenderLocalVideoResult;

/** One long scene with a short heading, so most of the content area shows the background. */
function longScene(): Script {
  const script = twoSceneScript();
  script.scenes = [{ ...script.scenes[1]!, onScreenText: 'Kurz', durationSeconds: 12 }];
  return script;
}

/** Luma of the content area's right part (free of text) at `seconds`. */
async function luma(seconds: number): Promise<Uint8Array> {
  const region = { x: width / 2, y: layout.area.top, w: width / 2 - 8, h: layout.area.height };
  // prettier-ignore
  const { stdout } = await promisify(execFile)(resolveFfmpeg().ffmpeg, [
    '-v', 'error', '-ss', String(seconds), '-i', video.videoPath, '-frames:v', '1',
    '-vf', `crop=${region.w}:${region.h}:${region.x}:${region.y}`, '-pix_fmt', 'gray', '-f', 'rawvideo', '-',
  ], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
  return new Uint8Array(stdout);
}

const difference = (a: Uint8Array, b: Uint8Array) => {
  let sum = 0;
  let max = 0;
  a.forEach((v, i) => {
    const d = Math.abs(v - (b[i] ?? 0));
    sum += d;
    max = Math.max(max, d);
  });
  return { mean: sum / a.length, max };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-backdrop-'));
  video = await renderLocalVideo({
    script: longScene(),
    branding,
    width,
    height,
    outDir: dir,
    ffmpeg: resolveFfmpeg().ffmpeg,
    fontFile: fonts.regular,
    boldFontFile: fonts.bold,
    tts: createTts({ mode: 'silent' }),
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the slides backdrop', () => {
  it('drifts slowly: a few pixels a second on a faint disc', () => {
    const { speed, size } = backdropPlacement(layout, width, height);
    expect(speed).toBeLessThan(20);
    expect(size).toBeGreaterThan(height / 2);
    expect(BACKDROP_OPACITY).toBeLessThanOrEqual(0.1);
  });

  it('keeps text colours readable where the disc darkens the background', () => {
    const darkest = tinted(branding.backgroundColor, branding.primaryColor);
    expect(darkest).not.toBe(branding.backgroundColor);
    expect(contrastRatio(darkest, branding.textColor)).toBeGreaterThanOrEqual(4.5);
    expect(tinted('#FFFFFF', '#000000', 0.5)).toBe('#808080');
  });

  it('moves behind the text over seconds, with no frame-to-frame change a viewer could see as a flash', async () => {
    const [early, late] = [await luma(1), await luma(10)];
    // Over nine seconds the faint disc has moved: the background is measurably different.
    expect(difference(early, late).mean).toBeGreaterThan(0.3);
    // From one frame to the next (25 fps) almost nothing changes, nowhere more than a few grey levels.
    for (const t of [2, 5.02, 8.1]) {
      const step = difference(await luma(t), await luma(t + 0.04));
      expect(step.max).toBeLessThanOrEqual(4);
      expect(step.mean).toBeLessThan(0.5);
    }
  });
});
