import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sceneTimeline } from '../../../activities/render/captions.ts';
import { probe, resolveFfmpeg, resolveFont, runFfmpeg } from '../../../activities/render/ffmpeg.ts';
import { renderLocalVideo } from '../../../activities/render/local-renderer.ts';
import type { RenderLocalVideoResult } from '../../../activities/render/local-renderer.ts';
import { RenderError } from '../../../shared/errors.ts';
import type { Script } from '../../../shared/types.ts';
import { branding, twoSceneScript } from './script-fixture.ts';

const { ffmpeg, ffprobe } = resolveFfmpeg();
const fonts = resolveFont();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-render-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function render(script: Script, width: number, height: number, outDir: string, signal?: AbortSignal) {
  return renderLocalVideo({
    script,
    branding,
    width,
    height,
    outDir,
    ffmpeg,
    fontFile: fonts.regular,
    boldFontFile: fonts.bold,
    ...(signal ? { signal } : {}),
  });
}

/** Pixels darker than `threshold` in a region given as fractions of the frame, from a grey frame at `seconds`. */
async function darkPixels(video: string, seconds: number, region: string, threshold = 40): Promise<number> {
  const { stdout } = await promisify(execFile)(
    ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      String(seconds),
      '-i',
      video,
      '-frames:v',
      '1',
      '-vf',
      `crop=${region}`,
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout.filter((v) => v < threshold).length;
}

describe.each([
  [1280, 720],
  [720, 1280],
])('renderLocalVideo at %ix%i', (width, height) => {
  const script = twoSceneScript();
  const expectedSeconds = sceneTimeline(script).totalSeconds;
  let outDir: string;
  let result: RenderLocalVideoResult;

  beforeAll(async () => {
    outDir = join(dir, `${width}x${height}`);
    result = await render(script, width, height, outDir);
  });

  it('writes an H.264/AAC MP4 of the requested size and the scenes plus end card duration', async () => {
    const info = await probe(ffprobe, result.videoPath);
    expect(info).toMatchObject({ width, height, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(info.durationSeconds - expectedSeconds)).toBeLessThanOrEqual(0.5);
    expect(result.durationSeconds).toBe(expectedSeconds);
  });

  it('returns the SHA-256 of the video file', async () => {
    const bytes = await readFile(result.videoPath);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('writes captions beside the video and leaves no partial files', async () => {
    expect(result.captionsPath).toBe(join(outDir, 'captions.vtt'));
    expect((await readFile(result.captionsPath, 'utf8')).startsWith('WEBVTT')).toBe(true);
    expect((await readdir(outDir)).sort()).toEqual(['captions.vtt', 'video.mp4']);
  });

  it('renders frames with real content for the first slide and the end card', async () => {
    for (const [name, seconds] of [
      ['slide', 1.5],
      ['end-card', expectedSeconds - 1],
    ] as const) {
      const png = join(outDir, `${name}.png`);
      await runFfmpeg(ffmpeg, ['-v', 'error', '-ss', String(seconds), '-i', result.videoPath, '-frames:v', '1', png]);
      expect((await stat(png)).size).toBeGreaterThan(10_000);
      await rm(png);
    }
  });

  it('shows the AI label in the top right corner on slides and the end card', async () => {
    const topRight = 'iw*0.42:ih*0.2:iw*0.58:0';
    expect(await darkPixels(result.videoPath, 0.1, topRight)).toBeGreaterThan(300);
    expect(await darkPixels(result.videoPath, expectedSeconds - 0.2, topRight)).toBeGreaterThan(300);
  });
});

describe('renderLocalVideo', () => {
  it('rejects an odd frame size', async () => {
    await expect(render(twoSceneScript(), 1281, 720, join(dir, 'odd'))).rejects.toThrow(RenderError);
  });

  it('keeps an earlier video.mp4 intact when a render is aborted', async () => {
    const outDir = join(dir, 'aborted');
    await render(twoSceneScript(), 640, 360, outDir);
    const before = await readFile(join(outDir, 'video.mp4'));
    const long = twoSceneScript();
    long.scenes = Array.from({ length: 12 }, () => ({ ...twoSceneScript().scenes[0]!, durationSeconds: 10 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('activity cancelled')), 300);
    await expect(render(long, 1280, 720, outDir, controller.signal)).rejects.toThrow('activity cancelled');
    expect((await readFile(join(outDir, 'video.mp4'))).equals(before)).toBe(true);
    expect((await readdir(outDir)).sort()).toEqual(['captions.vtt', 'video.mp4']);
  });
});
