import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNarration } from '../../../shared/narration.ts';
import { sceneNarration } from '../../../shared/text.ts';
import type { Script } from '../../../shared/types.ts';
import { probe, resolveFfmpeg, resolveFont } from '../../../video/render/ffmpeg.ts';
import { renderLocalVideo } from '../../../video/render/local-renderer.ts';
import { narratedTimeline } from '../../../video/render/timeline.ts';
import { applyLexicon, lexiconSha256, withLexicon } from '../../../video/voices/lexicon.ts';
import { createOpenAISpeechTts } from '../../../video/voices/openai-speech.ts';
import { fakeSpeechSeconds, startSpeechServer } from '../../fakes/speech-server.ts';
import type { FakeSpeechServer } from '../../fakes/speech-server.ts';
import { cueText, parseVtt } from '../render/vtt.ts';

const lexicon = { BfR: 'Be-eff-err', 'EU-27': 'E-U siebenundzwanzig' };

const script: Script = {
  title: 'Ein kurzer Hinweis',
  language: 'de',
  readingLevel: 'plain',
  scenes: [
    {
      sentences: [{ text: 'Das BfR prüft Produkte in der EU-27.', claimIds: ['c-1'] }],
      onScreenText: 'Gut zu wissen',
      visual: 'Ein Labor.',
      durationSeconds: 1,
    },
    {
      sentences: [{ text: 'Fragen beantwortet das BfR gern.', claimIds: ['c-2'] }],
      onScreenText: 'Fragen?',
      visual: 'Ein Telefon.',
      durationSeconds: 6,
    },
  ],
  callToAction: 'Mehr unter bfr.example.',
  aiDisclosure: 'Dieses Video wurde mit KI erstellt.',
  sources: [{ title: 'Hinweise', publisher: 'Example Agency', url: 'https://example.org/', date: '2026-01-15' }],
};

let fake: FakeSpeechServer;
let dir: string;
beforeAll(async () => {
  fake = await startSpeechServer();
  dir = await mkdtemp(join(tmpdir(), 'klartext-speech-render-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a render narrated by an audio/speech server', () => {
  it('speaks the respelled text, captions the written one, and times captions and descriptions by the audio', async () => {
    const voice = createOpenAISpeechTts({
      apiKey: fake.apiKey,
      baseURL: fake.baseURL,
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      voices: { de: { voice: 'marin' } },
    });
    const fonts = resolveFont();
    const { ffmpeg, ffprobe } = resolveFfmpeg();
    const rendered = await renderLocalVideo({
      script,
      branding: { primaryColor: '#0B5394', backgroundColor: '#F4F7FB', textColor: '#1B2733' },
      width: 640,
      height: 360,
      outDir: dir,
      ffmpeg,
      fontFile: fonts.regular,
      boldFontFile: fonts.bold,
      tts: withLexicon(voice, { de: lexicon }),
    });

    const texts = [script.aiDisclosure, ...script.scenes.map(sceneNarration), script.callToAction];
    const sent = texts.map((t) => applyLexicon(t, lexicon));
    expect(fake.requests.map((r) => r.input).sort()).toEqual([...sent].sort());
    expect(sent[1]).toBe('Das Be-eff-err prüft Produkte in der E-U siebenundzwanzig.');
    expect(fake.requests.every((r) => r.voice === 'marin' && r.response_format === 'wav')).toBe(true);
    expect(fake.violations).toEqual([]);

    expect(rendered.narration).toEqual({
      engine: 'openai-speech',
      model: 'gpt-4o-mini-tts',
      server: new URL(fake.baseURL).host,
      voices: { de: 'marin' },
      lexicon: lexiconSha256(lexicon),
    });
    expect(describeNarration(rendered.narration)).toBe(
      `gpt-4o-mini-tts (audio/speech at ${new URL(fake.baseURL).host}), voice marin`,
    );

    // The timeline is laid around the seconds of audio the server returned for the respelled texts.
    const seconds = sent.map(fakeSpeechSeconds);
    const timeline = narratedTimeline(script, {
      disclosure: seconds[0]!,
      scenes: seconds.slice(1, -1),
      callToAction: seconds.at(-1)!,
    });
    expect(rendered.durationSeconds).toBeCloseTo(timeline.totalSeconds, 3);
    const media = await probe(ffprobe, rendered.videoPath);
    expect(media.durationSeconds).toBeGreaterThan(timeline.totalSeconds - 0.1);

    const cues = parseVtt(await readFile(rendered.captionsPath, 'utf8'));
    const first = cues.find((c) => cueText(c).includes('Das BfR prüft'));
    expect(first?.start).toBeCloseTo(timeline.narration!.scenes[0]!.start, 3);
    expect(cues.at(-1)?.end).toBeCloseTo(timeline.narration!.callToAction.end, 3);
    // Scene 1 runs longer than planned because its speech does; the descriptions follow the same scene spans.
    expect(timeline.scenes[0]!.end).toBeGreaterThan(script.scenes[0]!.durationSeconds);
    const descriptions = parseVtt(await readFile(rendered.descriptionsPath, 'utf8'));
    expect(descriptions.map((c) => [c.start, c.end])).toEqual(timeline.scenes.map((s) => [s.start, s.end]));
    const captions = cues.map(cueText).join(' ');
    expect(captions).toContain('EU-27');
    expect(captions).not.toContain('Be-eff-err');
  });
});
