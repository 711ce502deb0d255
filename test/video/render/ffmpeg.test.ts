import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, resolveFfmpeg, resolveFont, runFfmpeg } from '../../../video/render/ffmpeg.ts';
import { RenderError } from '../../../shared/errors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-ffmpeg-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveFfmpeg', () => {
  it('finds ffmpeg and ffprobe binaries that run', () => {
    const { ffmpeg, ffprobe } = resolveFfmpeg();
    expect(spawnSync(ffmpeg, ['-version']).status).toBe(0);
    expect(spawnSync(ffprobe, ['-version']).status).toBe(0);
  });

  it('returns the cached result on later calls', () => {
    expect(resolveFfmpeg()).toBe(resolveFfmpeg());
  });
});

describe('resolveFont', () => {
  it('returns the regular and bold DejaVu Sans files', () => {
    const fonts = resolveFont();
    expect(fonts.regular).toMatch(/DejaVuSans\.ttf$/);
    expect(fonts.bold).toMatch(/DejaVuSans-Bold\.ttf$/);
    expect(existsSync(fonts.regular) && existsSync(fonts.bold)).toBe(true);
  });
});

describe('runFfmpeg', () => {
  it('rejects with a RenderError carrying the stderr tail when ffmpeg fails', async () => {
    const run = runFfmpeg(resolveFfmpeg().ffmpeg, ['-hide_banner', '-i', join(dir, 'missing.mp4')]);
    await expect(run).rejects.toThrow(RenderError);
    await expect(run).rejects.toThrow(/missing\.mp4/);
  });

  it('rejects with a RenderError when the binary does not exist', async () => {
    await expect(runFfmpeg(join(dir, 'no-such-ffmpeg'), ['-version'])).rejects.toThrow(RenderError);
  });

  it('stops ffmpeg and rejects with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const args = ['-re', '-f', 'lavfi', '-i', 'color=s=320x240:d=600', '-f', 'null', '-'];
    const run = runFfmpeg(resolveFfmpeg().ffmpeg, args, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 200);
    await expect(run).rejects.toThrow('cancelled by test');
  });
});

describe('probe', () => {
  it('reports duration, size and codecs of a clip', async () => {
    const { ffmpeg, ffprobe } = resolveFfmpeg();
    const file = join(dir, 'clip.mp4');
    // prettier-ignore
    await runFfmpeg(ffmpeg, [
      '-f', 'lavfi', '-i', 'color=s=320x240:d=2', '-f', 'lavfi', '-i', 'anullsrc', '-t', '2',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ]);
    const info = await probe(ffprobe, file);
    expect(info).toMatchObject({ width: 320, height: 240, videoCodec: 'h264', audioCodec: 'aac' });
    expect(info.durationSeconds).toBeCloseTo(2, 0);
  });
});
