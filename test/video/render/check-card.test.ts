// The end card's QR code for the public check page: decoded from rendered frames in every format, with its address.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeQR } from 'qr/decode.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, resolveFont } from '../../../video/render/ffmpeg.ts';
import { graphBasics } from '../../../video/render/graph-parts.ts';
import { renderLocalVideo, type RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { logoDataUri, readLogo } from '../../../video/render/logo.ts';
import { checkAddress } from '../../../video/render/qr.ts';
import { sceneTimeline } from '../../../video/render/timeline.ts';
import { createTts } from '../../../video/render/tts.ts';
import { darkPixels } from './media-probes.ts';
import { branding, twoSceneScript } from './script-fixture.ts';

const LOGO_SVG = join(import.meta.dirname, '..', '..', 'fixtures', 'branding', 'logo.svg');
const ADDRESS = checkAddress('https://impfen.agency.example/');
const fonts = resolveFont();
const { ffmpeg } = resolveFfmpeg();
const FORMATS = [
  { width: 1280, height: 720, logo: true },
  { width: 720, height: 1280, logo: false },
  { width: 720, height: 720, logo: true },
] as const;
let dir: string;
let logo: string;
const results = new Map<string, RenderLocalVideoResult>();
const key = (f: (typeof FORMATS)[number]) => `${f.width}x${f.height}`;

/** The end card's QR square as the graph places it (the same layout the renderer used). */
function qrBox(f: (typeof FORMATS)[number]) {
  const g = graphBasics({
    script: twoSceneScript(),
    branding: f.logo ? { ...branding, logo } : branding,
    width: f.width,
    height: f.height,
    fps: 25,
    fonts,
    timeline: sceneTimeline(twoSceneScript()),
    textDir: dir,
    ...(f.logo ? { logoInput: 0 } : {}),
    check: { address: ADDRESS, qrInput: 1 },
  });
  return g.card.check!.qr;
}

/** One frame at `seconds` as RGBA pixels, cropped to `box` widened by `pad` pixels on every side. */
async function framePixels(video: string, seconds: number, box: { x: number; y: number; w: number; h: number }) {
  const pad = 24;
  const crop = { x: box.x - pad, y: box.y - pad, w: box.w + 2 * pad, h: box.h + 2 * pad };
  // prettier-ignore
  const { stdout } = await promisify(execFile)(ffmpeg, [
    '-v', 'error', '-ss', String(seconds), '-i', video, '-frames:v', '1',
    '-vf', `crop=${crop.w}:${crop.h}:${crop.x}:${crop.y}`, '-pix_fmt', 'rgba', '-f', 'rawvideo', '-',
  ], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return { width: crop.w, height: crop.h, data: new Uint8Array(stdout) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-check-card-'));
  logo = logoDataUri(await readLogo(LOGO_SVG));
  for (const f of FORMATS) {
    const rendered = await renderLocalVideo({
      script: twoSceneScript(),
      branding: f.logo ? { ...branding, logo } : branding,
      width: f.width,
      height: f.height,
      outDir: join(dir, key(f)),
      ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: createTts({ mode: 'silent' }),
      checkUrl: ADDRESS,
    });
    results.set(key(f), rendered);
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderLocalVideo with a check address', () => {
  it.each(FORMATS)('shows a QR code on the end card that decodes to the address at $width x $height', async (f) => {
    const video = results.get(key(f))!;
    const image = await framePixels(video.videoPath, video.durationSeconds - 0.5, qrBox(f));
    expect(decodeQR(image)).toBe(ADDRESS);
  });

  it('draws no code without a check address', async () => {
    const f = FORMATS[0];
    const box = qrBox(f);
    const region = `${box.w}:${box.h}:${box.x}:${box.y}`;
    const plain = await renderLocalVideo({
      script: twoSceneScript(),
      branding: { ...branding, logo },
      width: f.width,
      height: f.height,
      outDir: join(dir, 'plain'),
      ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: createTts({ mode: 'silent' }),
    });
    // The end card is the primary colour, lighter than the code's black modules.
    const endCard = plain.durationSeconds - 0.5;
    expect(await darkPixels(results.get(key(f))!.videoPath, endCard, region)).toBeGreaterThan(1000);
    expect(await darkPixels(plain.videoPath, endCard, region)).toBe(0);
  });

  it('shows the address under a bilingual lead, without its scheme', () => {
    const g = graphBasics({
      script: twoSceneScript(),
      branding,
      width: 1280,
      height: 720,
      fps: 25,
      fonts,
      timeline: sceneTimeline(twoSceneScript()),
      textDir: dir,
      check: { address: ADDRESS, qrInput: 0 },
    });
    expect(g.card.check!.address.lines.join('')).toBe('Prüfen / Check:impfen.agency.example/c');
  });
});
