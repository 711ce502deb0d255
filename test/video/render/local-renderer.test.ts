import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sceneTimeline } from '../../../video/render/timeline.ts';
import { probe, resolveFfmpeg, resolveFont, runFfmpeg } from '../../../video/render/ffmpeg.ts';
import { renderLocalVideo } from '../../../video/render/local-renderer.ts';
import type { RenderLocalVideoResult } from '../../../video/render/local-renderer.ts';
import { DIGITAL_SOURCE_TYPES, GENERATOR } from '../../../video/render/metadata.ts';
import { createTts, findOnPath, type Tts } from '../../../video/render/tts.ts';
import { RenderError } from '../../../shared/errors.ts';
import { describeNarration } from '../../../shared/narration.ts';
import type { Script } from '../../../shared/types.ts';
import { branding, twoSceneScript } from './script-fixture.ts';
import { fakeEspeak } from './fake-espeak.ts';
import { darkPixels, formatTags, meanVolume } from './media-probes.ts';
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

describe.each([
  [1280, 720],
  [720, 1280],
])('renderLocalVideo at %ix%i', (width, height) => {
  const script = germanScript();
  const engine = findOnPath('espeak-ng', process.env.PATH ?? '') ? 'espeak-ng-system' : 'espeak-ng-npm';
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

  it('narrates audibly with the system espeak-ng when installed, else the npm build, and says which and in what voice', async () => {
    expect(result.narration).toMatchObject({ engine, voices: { de: 'de' } });
    expect(await meanVolume(result.videoPath)).toBeGreaterThan(-40);
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
  it('renders a silent track at the planned timeline only when configured silent, and says so', async () => {
    const script = germanScript();
    const result = await render(script, 640, 360, join(dir, 'silent'), undefined, createTts({ mode: 'silent' }));
    expect(result.narration).toEqual({ engine: 'silent', voices: {} });
    expect(describeNarration(result.narration)).toBe('No narration (silent video, configured)');
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

/** A one-scene script in `language`: a call to action long enough that its speech, not the end card, sets the end. */
function oneSceneScript(language: string, disclosure: string, sentence: string, callToAction: string): Script {
  return {
    ...twoSceneScript(),
    title: sentence,
    language,
    scenes: [
      { sentences: [{ text: sentence, claimIds: [] }], onScreenText: sentence, visual: '-', durationSeconds: 2 },
    ],
    callToAction,
    aiDisclosure: disclosure,
  };
}

const LANGUAGE_SCRIPTS: [string, string, string, string][] = [
  [
    'de',
    'Dieses Video wurde mit KI erstellt.',
    'Händewaschen schützt vor vielen Infekten.',
    'Waschen Sie Ihre Hände gründlich mit Seife, vor dem Essen und nach dem Heimkommen.',
  ],
  [
    'en',
    'This video was made with AI.',
    'Washing your hands protects against many infections.',
    'Wash your hands thoroughly with soap, before eating and whenever you come home.',
  ],
  [
    'tr',
    'Bu video yapay zekâ ile hazırlandı.',
    'El yıkamak birçok enfeksiyona karşı korur.',
    'Ellerinizi yemekten önce ve eve geldiğinizde sabunla iyice yıkayın, lütfen unutmayın.',
  ],
  [
    'uk',
    'Це відео створено за допомогою штучного інтелекту.',
    'Миття рук захищає від багатьох інфекцій.',
    'Ретельно мийте руки з милом перед їжею та щоразу, коли повертаєтеся додому.',
  ],
];

describe('renderLocalVideo narrated by the npm WebAssembly build of eSpeak NG', () => {
  // Forced, so the bundled engine is tested even on a machine with a system espeak-ng.
  const npm = createTts({ mode: 'npm' });

  it.each(LANGUAGE_SCRIPTS)('speaks %s audibly for as long as the captions run', async (lang, ...texts) => {
    const script = oneSceneScript(lang, ...texts);
    const result = await render(script, 640, 360, join(dir, `npm-${lang}`), undefined, npm);
    expect(result.narration).toMatchObject({ engine: 'espeak-ng-npm', voices: { [lang]: npm.voiceFor(lang) } });
    expect(await meanVolume(result.videoPath)).toBeGreaterThan(-40);
    const { durationSeconds } = await probe(ffprobe, result.videoPath);
    expect(Math.abs(durationSeconds - result.durationSeconds)).toBeLessThan(0.2);
    const lastCueEnd = Math.max(...parseVtt(await readFile(result.captionsPath, 'utf8')).map((c) => c.end));
    expect(lastCueEnd).toBeLessThanOrEqual(durationSeconds);
    // The call to action is the last speech: the video ends its short tail of silence after it.
    expect(durationSeconds - lastCueEnd).toBeLessThan(0.6);
  });
});

describe('renderLocalVideo with a failing narration engine', () => {
  it('fails with a RenderError instead of rendering a silent video', async () => {
    const failing = createTts({ mode: 'system', path: (await fakeEspeak(dir, 'fails')).path });
    const outDir = join(dir, 'failing-engine');
    await expect(render(germanScript(), 640, 360, outDir, undefined, failing)).rejects.toThrow(RenderError);
    expect(await readdir(outDir)).toEqual([]);
  });
});
