// Concern pictograms: the icon rasterised in the brand colour, and drawn beside the heading of its scene.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../../shared/errors.ts';
import type { Script } from '../../../shared/types.ts';
import { resolveFfmpeg, resolveFont, runFfmpeg } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout } from '../../../video/render/frame-layout.ts';
import { renderLocalVideo, type RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { writePictogramPng } from '../../../video/render/pictogram.ts';
import { sceneTextLayout } from '../../../video/render/slide-layout.ts';
import { sceneTimeline } from '../../../video/render/timeline.ts';
import { createTts } from '../../../video/render/tts.ts';
import { branding, twoSceneScript } from './script-fixture.ts';

const fonts = resolveFont();
const metrics = { regular: loadFontMetrics(fonts.regular), bold: loadFontMetrics(fonts.bold) };
let dir: string;

/** The fixture with a key fact and a pictogram on its first scene, a pictogram alone on its second. */
function scriptWithIcons(): Script {
  const script = twoSceneScript();
  script.scenes[0] = { ...script.scenes[0]!, keyFact: 'Bis zu 60 % weniger schwere Verläufe.', icon: 'syringe' };
  script.scenes[1] = { ...script.scenes[1]!, icon: 'wallet' };
  return script;
}

/** Pixels in `box` of the frame at `seconds` clearly bluer than they are red (the fixture's primary colour). */
async function bluePixels(video: string, seconds: number, box: { x: number; y: number; w: number; h: number }) {
  // prettier-ignore
  const { stdout } = await promisify(execFile)(resolveFfmpeg().ffmpeg, [
    '-v', 'error', '-ss', String(seconds), '-i', video, '-frames:v', '1',
    '-vf', `crop=${box.w}:${box.h}:${box.x}:${box.y}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', '-',
  ], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 });
  let count = 0;
  for (let i = 0; i < stdout.length; i += 3) if (stdout[i + 2]! - stdout[i]! > 60) count++;
  return count;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-pictogram-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writePictogramPng', () => {
  it('draws the icon as a PNG of the size asked, in the colour asked', async () => {
    const png = join(dir, 'syringe.png');
    await writePictogramPng({ name: 'syringe', color: '#0B5394', size: 64 }, png);
    const bytes = await readFile(png);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([64, 64]);
  });

  it('refuses a name the icon set does not have, or one that is not a name', async () => {
    await expect(
      writePictogramPng({ name: 'no-such-icon', color: '#000000', size: 64 }, join(dir, 'x.png')),
    ).rejects.toThrow(/not a Lucide icon/);
    await expect(writePictogramPng({ name: '../x', color: '#000000', size: 64 }, join(dir, 'y.png'))).rejects.toThrow(
      RenderError,
    );
  });
});

describe('sceneTextLayout with a pictogram', () => {
  const layout = frameLayout(1280, 720, twoSceneScript().title, metrics.bold);

  it('puts the pictogram left of the heading above a key fact, and above the main text without one', () => {
    const [withFact, alone] = scriptWithIcons().scenes.map((s) => sceneTextLayout(layout, metrics, s, 1280, 'slide'));
    expect(withFact!.icon!.x + withFact!.icon!.w).toBeLessThan(withFact!.heading!.x);
    expect(withFact!.icon!.y).toBeLessThan(withFact!.main.y);
    expect(alone!.icon!.y + alone!.icon!.h).toBeLessThanOrEqual(alone!.main.y);
    expect(alone!.icon!.x).toBe(alone!.main.x);
  });
});

describe('renderLocalVideo with pictograms', () => {
  const [width, height] = [720, 1280];
  let withIcons: RenderLocalVideoResult;
  let without: RenderLocalVideoResult;
  const render = (script: Script, out: string) =>
    renderLocalVideo({
      script,
      branding,
      width,
      height,
      outDir: join(dir, out),
      ffmpeg: resolveFfmpeg().ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: createTts({ mode: 'silent' }),
    });

  beforeAll(async () => {
    [withIcons, without] = await Promise.all([render(scriptWithIcons(), 'icons'), render(twoSceneScript(), 'plain')]);
  });

  it("draws each scene's pictogram in its box, in the primary colour", async () => {
    const layout = frameLayout(width, height, twoSceneScript().title, metrics.bold);
    const timeline = sceneTimeline(scriptWithIcons());
    for (const [i, scene] of scriptWithIcons().scenes.entries()) {
      const box = sceneTextLayout(layout, metrics, scene, width, 'slide').icon!;
      const span = timeline.scenes[i]!;
      const middle = (span.start + span.end) / 2;
      // The primary colour (#0B5394) is blue; text is near-black ink, the page near white.
      expect(await bluePixels(withIcons.videoPath, middle, box)).toBeGreaterThan(500);
      // Without a key fact the plain slide's accent bar lands in that square; beside a heading it is empty there.
      if (scene.keyFact) expect(await bluePixels(without.videoPath, middle, box)).toBeLessThan(10);
    }
  });

  it('draws the pictogram over footage too, on a box of the brand background', async () => {
    const clip = join(dir, 'clip.mp4');
    // prettier-ignore
    await runFfmpeg(resolveFfmpeg().ffmpeg, [
      '-hide_banner', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x203040:s=640x360:d=2',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', clip,
    ]);
    const footage = await renderLocalVideo({
      script: scriptWithIcons(),
      branding,
      width,
      height,
      outDir: join(dir, 'footage'),
      ffmpeg: resolveFfmpeg().ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: createTts({ mode: 'silent' }),
      sceneClips: [clip, clip],
    });
    const layout = frameLayout(width, height, twoSceneScript().title, metrics.bold);
    const scene = scriptWithIcons().scenes[0]!;
    const box = sceneTextLayout(layout, metrics, scene, width, 'footage').icon!;
    const span = sceneTimeline(scriptWithIcons()).scenes[0]!;
    expect(await bluePixels(footage.videoPath, (span.start + span.end) / 2, box)).toBeGreaterThan(300);
  });
});
