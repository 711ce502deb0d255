import { describe, expect, it } from 'vitest';
import { launchRequestSchema } from '../../../api/schemas.ts';
import { checkCampaignFile, parseCampaignFile } from '../../../campaign/campaign-file.ts';
import { loadConfig } from '../../../config/config.ts';
import { ConfigError } from '../../../shared/errors.ts';
import { createVoice } from '../../../video/voices/index.ts';

const CAMPAIGN = `name: demo
title: Demo
agency: Example agency
topic: Demo topic
callToAction:
  de: Mehr erfahren.
branding:
  primaryColor: '#00507A'
  backgroundColor: '#FFFFFF'
  textColor: '#1B1B1B'
video:
  width: 1280
  height: 720
segments: segments.csv
claims: claims.yaml
`;

describe('speech configuration', () => {
  it('reads the audio/speech settings with their defaults and OPENAI_* fallbacks', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-a', OPENAI_BASE_URL: 'https://gw.example/v1' }).speech).toEqual({
      apiKey: 'sk-a',
      baseURL: 'https://gw.example/v1',
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      voices: {},
    });
    const config = loadConfig({
      KLARTEXT_NARRATION: 'openai',
      OPENAI_API_KEY: 'sk-a',
      KLARTEXT_SPEECH_API_KEY: 'sk-b',
      KLARTEXT_SPEECH_BASE_URL: 'http://speech.internal:8880/v1',
      KLARTEXT_SPEECH_MODEL: 'tts-1-hd',
      KLARTEXT_SPEECH_VOICE: 'coral',
      KLARTEXT_SPEECH_VOICES: 'de:marin, uk:uk_voice@kokoro',
    });
    expect(config.narration).toBe('openai');
    expect(config.speech).toEqual({
      apiKey: 'sk-b',
      baseURL: 'http://speech.internal:8880/v1',
      model: 'tts-1-hd',
      voice: 'coral',
      voices: { de: { voice: 'marin' }, uk: { voice: 'uk_voice', model: 'kokoro' } },
    });
  });

  it('refuses a voice list that is not language:voice pairs, naming the variable', () => {
    for (const bad of ['marin', 'deu:marin', 'de:', 'de:marin;en:coral']) {
      expect(() => loadConfig({ KLARTEXT_SPEECH_VOICES: bad })).toThrow(
        /KLARTEXT_SPEECH_VOICES: must be language:voice/,
      );
    }
  });

  it('builds the audio/speech voice for openai and refuses it without a key', () => {
    const speech = { model: 'tts-1', voice: 'alloy', voices: { de: { voice: 'marin' } } };
    const tts = createVoice('openai', { ...speech, apiKey: 'sk-x', baseURL: 'http://127.0.0.1:9/v1' });
    expect(tts.engine).toBe('openai-speech');
    expect(tts.voiceFor('de')).toBe('marin');
    expect(() => createVoice('openai', speech)).toThrow(ConfigError);
    expect(() => createVoice('openai', speech)).toThrow(/KLARTEXT_SPEECH_API_KEY or OPENAI_API_KEY/);
    expect(createVoice('silent').engine).toBe('silent');
    expect(createVoice('npm').engine).toBe('espeak-ng-npm');
  });
});

describe('campaign lexicon', () => {
  it('carries the pronunciation lexicon per language into the brief', () => {
    const text = `${CAMPAIGN}lexicon:\n  de:\n    ABC: A B C\n    EU-27: E-U siebenundzwanzig\n`;
    expect(parseCampaignFile(text, '/c/campaign.yaml', {}).lexicon).toEqual({
      de: { ABC: 'A B C', 'EU-27': 'E-U siebenundzwanzig' },
    });
  });

  it('keeps the lexicon when the brief is sent to the API', () => {
    const brief = parseCampaignFile(`${CAMPAIGN}lexicon:\n  de:\n    ABC: A B C\n`, '/c/campaign.yaml', {});
    const sent = launchRequestSchema.shape.brief.safeParse(JSON.parse(JSON.stringify(brief)));
    expect(sent.success && sent.data.lexicon).toEqual({ de: { ABC: 'A B C' } });
  });

  it('reports a bad entry at its line with what to write', () => {
    const text = `${CAMPAIGN}lexicon:\n  de:\n    "-ABC": A B C\n    XYZ: ""\n  deu:\n    ABC: x\n`;
    const { problems } = checkCampaignFile(text, '/c/campaign.yaml', {});
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      '18: lexicon.de.-ABC: is not a valid key: must be a word or phrase that starts and ends with a letter or digit',
      '19: lexicon.de.XYZ: must not be empty',
      '20: lexicon.deu: is not a valid key: must be a two-letter language code such as de',
    ]);
  });
});
