import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sceneTimeline } from '../../../activities/render/timeline.ts';
import { probe, resolveFfmpeg, resolveFont, runFfmpeg } from '../../../activities/render/ffmpeg.ts';
import { renderLocalVideo } from '../../../activities/render/local-renderer.ts';
import type { RenderLocalVideoResult } from '../../../activities/render/local-renderer.ts';
import { DIGITAL_SOURCE_TYPES, GENERATOR } from '../../../activities/render/metadata.ts';
import { createTts, type Tts } from '../../../activities/render/tts.ts';
import { RenderError } from '../../../shared/errors.ts';
import type { Script } from '../../../shared/types.ts';
import { branding, twoSceneScript } from './script-fixture.ts';
import { cueText, parseVtt } from './vtt.ts';

const { ffmpeg, ffprobe } = resolveFfmpeg();
const fonts = resolveFont();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-render-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COMPANIONS = ['captions.vtt', 'descriptions.vtt', 'transcript.html', 'transcript.txt', 'video.mp4'];

function render(script: Script, width: number, height: number, outDir: string, signal?: AbortSignal, tts?: Tts) {
  return renderLocalVideo({
    script,
    branding,
    width,
    height,
    outDir,
    ffmpeg,
    fontFile: fonts.regular,
    boldFontFile: fonts.bold,
    campaignId: 'autumn-2026',
    segmentId: 'seg-60plus',
    ...(signal ? { signal } : {}),
    ...(tts ? { tts } : {}),
  });
}

/** The fixture with every sentence in the script's language, so the German voice reads it at normal speed. */
function germanScript(): Script {
  const script = twoSceneScript();
  script.scenes[1]!.sentences = [{ text: 'Die Impfung ist ab 60 Jahren kostenlos.', claimIds: ['flu-free-60'] }];
  return script;
}

/** Mean volume of the audio track in dB, from ffmpeg's volumedetect filter. */
async function meanVolume(video: string): Promise<number> {
  const { stderr } = await promisify(execFile)(ffmpeg, ['-i', video, '-vn', '-af', 'volumedetect', '-f', 'null', '-']);
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return match?.[1] === '-inf' || !match ? -Infinity : Number(match[1]);
}

/** Container tags as ffprobe reports them. */
async function formatTags(video: string): Promise<Record<string, string>> {
  const out = await runFfmpeg(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', video]);
  return (JSON.parse(out) as { format: { tags?: Record<string, string> } }).format.tags ?? {};
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
  const script = germanScript();
  const espeak = createTts().name === 'espeak-ng';
  let expectedSeconds: number;
  let outDir: string;
  let result: RenderLocalVideoResult;

  beforeAll(async () => {
    outDir = join(dir, `${width}x${height}`);
    result = await render(script, width, height, outDir);
    expectedSeconds = result.durationSeconds;
  });

  it('writes an H.264/AAC MP4 of the requested size, within 10 % of the timeline and at least as planned', async () => {
    const info = await probe(ffprobe, result.videoPath);
    expect(info).toMatchObject({ width, height, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(info.durationSeconds - expectedSeconds)).toBeLessThanOrEqual(expectedSeconds * 0.1);
    expect(expectedSeconds).toBeGreaterThanOrEqual(sceneTimeline(script).totalSeconds);
  });

  it('narrates with espeak-ng when installed, audibly, and says so', async () => {
    expect(result.narration).toBe(espeak ? 'espeak-ng' : 'silent');
    if (espeak) expect(await meanVolume(result.videoPath)).toBeGreaterThan(-60);
  });

  it('marks the MP4 as AI-generated with digital source type, generator, campaign and segment', async () => {
    const tags = await formatTags(result.videoPath);
    expect(tags).toMatchObject({
      digital_source_type: DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia,
      artist: GENERATOR,
      generator: GENERATOR,
      ai_generated: 'true',
      campaign: 'autumn-2026',
      segment: 'seg-60plus',
      title: script.title,
    });
    expect(tags.comment).toContain('AI-generated');
    expect(result.digitalSourceType).toBe(DIGITAL_SOURCE_TYPES.trainedAlgorithmicMedia);
  });

  it('writes captions that parse as WebVTT and cover the disclosure and every narration sentence', async () => {
    const cues = parseVtt(await readFile(result.captionsPath, 'utf8'));
    const text = cues.map(cueText).join(' ');
    for (const s of [script.aiDisclosure, ...script.scenes.flatMap((x) => x.sentences.map((y) => y.text))]) {
      expect(text).toContain(s);
    }
    expect(Math.max(...cues.map((c) => c.end))).toBeLessThanOrEqual(expectedSeconds + 0.001);
  });

  it('writes a descriptions track with one cue per scene and transcripts with disclosure, visuals and sources', async () => {
    expect(parseVtt(await readFile(result.descriptionsPath, 'utf8'))).toHaveLength(script.scenes.length);
    for (const path of [result.transcriptTextPath, result.transcriptHtmlPath]) {
      const text = await readFile(path, 'utf8');
      for (const s of [script.aiDisclosure, script.scenes[1]!.visual, 'STIKO']) expect(text).toContain(s);
    }
  });

  it('returns the SHA-256 of the video file', async () => {
    const bytes = await readFile(result.videoPath);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('writes its companions beside the video and leaves no partial files', async () => {
    expect(result.captionsPath).toBe(join(outDir, 'captions.vtt'));
    expect(result.transcriptHtmlPath).toBe(join(outDir, 'transcript.html'));
    expect((await readdir(outDir)).sort()).toEqual(COMPANIONS);
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
  it('renders a silent track at the planned timeline without espeak-ng and says so', async () => {
    const script = germanScript();
    const result = await render(script, 640, 360, join(dir, 'silent'), undefined, createTts({ path: '' }));
    expect(result.narration).toBe('silent');
    expect(result.durationSeconds).toBe(sceneTimeline(script).totalSeconds);
    expect(await meanVolume(result.videoPath)).toBeLessThan(-80);
    expect((await probe(ffprobe, result.videoPath)).audioCodec).toBe('aac');
  });

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
    expect((await readdir(outDir)).sort()).toEqual(COMPANIONS);
  });
});
