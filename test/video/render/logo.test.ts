import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../../shared/errors.ts';
import { resolveFfmpeg, resolveFont } from '../../../video/render/ffmpeg.ts';
import { loadFontMetrics } from '../../../video/render/font-metrics.ts';
import { frameLayout } from '../../../video/render/frame-layout.ts';
import { renderLocalVideo, type RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { logoDataUri, logoType, readLogo, writeLogoPng } from '../../../video/render/logo.ts';
import { createTts } from '../../../video/render/tts.ts';
import { darkPixels } from './media-probes.ts';
import { branding, twoSceneScript } from './script-fixture.ts';

const LOGO_SVG = join(import.meta.dirname, '..', '..', 'fixtures', 'branding', 'logo.svg');
const fonts = resolveFont();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-logo-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('logo images', () => {
  it('tells PNG from SVG by content and refuses anything else', async () => {
    const svg = await readFile(LOGO_SVG);
    expect(logoType(svg)).toBe('svg');
    expect(logoType(Buffer.from('GIF89a'))).toBeUndefined();
    const png = join(dir, 'logo.png');
    await writeLogoPng({ type: 'svg', bytes: svg }, 120, png);
    expect(logoType(await readFile(png))).toBe('png');
  });

  it('rasterises an SVG at the height asked, keeping its proportions', async () => {
    const png = join(dir, 'tall.png');
    await writeLogoPng(await readLogo(LOGO_SVG), 120, png);
    const bytes = await readFile(png);
    // PNG IHDR: width and height as big-endian integers at bytes 16 and 20.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([360, 120]);
  });

  it('reads a logo from a data: URI as from its file', async () => {
    const image = await readLogo(LOGO_SVG);
    expect(await readLogo(logoDataUri(image))).toEqual(image);
  });

  it('fails with a RenderError for a broken SVG or an unreadable file', async () => {
    const broken = { type: 'svg' as const, bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect') };
    await expect(writeLogoPng(broken, 100, join(dir, 'broken.png'))).rejects.toThrow(RenderError);
    await expect(readLogo(join(dir, 'missing.svg'))).rejects.toThrow(/cannot be read/);
  });
});

describe('renderLocalVideo with a logo', () => {
  const [width, height] = [1280, 720];
  let result: RenderLocalVideoResult;
  const layout = frameLayout(width, height, twoSceneScript().title, loadFontMetrics(fonts.bold), { logo: true });
  const region = (box: { x: number; y: number; w: number; h: number }) => `${box.w}:${box.h}:${box.x}:${box.y}`;

  beforeAll(async () => {
    const logo = logoDataUri(await readLogo(LOGO_SVG));
    result = await renderLocalVideo({
      script: twoSceneScript(),
      branding: { ...branding, logo },
      width,
      height,
      outDir: join(dir, 'with-logo'),
      ffmpeg: resolveFfmpeg().ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: createTts({ mode: 'silent' }),
    });
  });

  it('shows the logo small in the bottom right corner during the scenes, inside the title-safe area', async () => {
    expect(await darkPixels(result.videoPath, 1.5, region(layout.logo!.bug))).toBeGreaterThan(200);
    const safeBottom = height - Math.ceil(height * 0.05);
    expect(layout.logo!.bug.y + layout.logo!.bug.h).toBeLessThanOrEqual(safeBottom);
  });

  it('shows the logo large on the end card', async () => {
    const endCard = result.durationSeconds - 1;
    expect(await darkPixels(result.videoPath, endCard, region(layout.logo!.card))).toBeGreaterThan(1000);
    expect(await darkPixels(result.videoPath, endCard, region(layout.logo!.bug))).toBe(0);
  });
});
