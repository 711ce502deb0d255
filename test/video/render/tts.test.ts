import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTts, ESPEAK_VOICES, findOnPath } from '../../../video/render/tts.ts';
import { wavPeak, wavSeconds } from '../../../video/render/wav.ts';
import { ConfigError, KlartextError, RenderError } from '../../../shared/errors.ts';
import { fakeEspeak } from './fake-espeak.ts';

const SAMPLES: Record<string, string> = {
  de: 'Die Impfung ist kostenlos.',
  en: 'The vaccine is free.',
  tr: 'Aşı ücretsizdir.',
  uk: 'Щеплення безкоштовне.',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-tts-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTts', () => {
  it('picks the system espeak-ng when one is on the given PATH', async () => {
    const fake = await fakeEspeak(dir);
    const tts = createTts({ path: `/nonexistent:${fake.path}` });
    expect(tts.engine).toBe('espeak-ng-system');
    expect(await tts.describe()).toEqual({ engine: 'espeak-ng-system', version: '9.9-fake', path: fake.bin });
  });

  it('picks the npm WebAssembly build when no espeak-ng is on the given PATH', () => {
    expect(createTts({ path: '' }).engine).toBe('espeak-ng-npm');
  });

  it('uses the npm build when configured, even where a system espeak-ng exists', async () => {
    const fake = await fakeEspeak(dir);
    expect(createTts({ mode: 'npm', path: fake.path }).engine).toBe('espeak-ng-npm');
  });

  it('is silent only when configured so', () => {
    expect(createTts({ mode: 'silent' }).engine).toBe('silent');
    expect(createTts({ mode: 'auto', path: '' }).engine).not.toBe('silent');
  });

  it('refuses the system engine without espeak-ng on PATH, naming the variable', () => {
    expect(() => createTts({ mode: 'system', path: '' })).toThrow(ConfigError);
    expect(() => createTts({ mode: 'system', path: '' })).toThrow(/KLARTEXT_NARRATION=system/);
  });
});

describe('system espeak-ng', () => {
  it('speaks through the binary with the voice of the language, text on stdin', async () => {
    const fake = await fakeEspeak(dir);
    const tts = createTts({ mode: 'system', path: fake.path });
    const { seconds } = await tts.synthesize('-v ist kein Schalter', 'en', join(dir, 'system.wav'));
    expect(seconds).toBeCloseTo(1.5, 2);
    expect(await fake.calls()).toContain(`-b 1 -v en-gb -w ${join(dir, 'system.wav')} --stdin`);
  });

  it('fails with a RenderError carrying the engine message when it exits with an error', async () => {
    const tts = createTts({ mode: 'system', path: (await fakeEspeak(dir, 'fails')).path });
    const failure = tts.synthesize('Hallo', 'de', join(dir, 'fails.wav'));
    await expect(failure).rejects.toThrow(RenderError);
    await expect(failure).rejects.toThrow(/exit 3\): voice not found/);
  });

  it('fails with a RenderError when it writes only silence for non-empty text', async () => {
    const tts = createTts({ mode: 'system', path: (await fakeEspeak(dir, 'silent-wav')).path });
    await expect(tts.synthesize('Hallo', 'de', join(dir, 'quiet.wav'))).rejects.toThrow(/no audible speech/);
  });

  it('kills an engine that does not finish in time, leaving the failure to be retried', async () => {
    const tts = createTts({ mode: 'system', path: (await fakeEspeak(dir, 'hangs')).path, timeoutMs: 300 });
    const started = Date.now();
    const error = await tts.synthesize('Hallo', 'de', join(dir, 'hangs.wav')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlartextError);
    expect(error).not.toBeInstanceOf(RenderError);
    expect((error as Error).message).toMatch(/did not finish within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('npm WebAssembly build of eSpeak NG', () => {
  const tts = createTts({ mode: 'npm' });

  it('names its eSpeak NG version and package', async () => {
    expect(await tts.describe()).toMatchObject({
      engine: 'espeak-ng-npm',
      version: expect.stringMatching(/^1\.\d+/) as unknown,
      package: expect.stringMatching(/^espeak-ng@\d+\.\d+\.\d+$/) as unknown,
    });
  });

  it('speaks each campaign language audibly with its own voice', async () => {
    for (const lang of Object.keys(ESPEAK_VOICES)) {
      const out = join(dir, `npm-${lang}.wav`);
      const { seconds } = await tts.synthesize(SAMPLES[lang]!, lang, out);
      expect(seconds, lang).toBeGreaterThan(0.5);
      expect(wavSeconds(await readFile(out)), lang).toBe(seconds);
      expect(wavPeak(await readFile(out)), lang).toBeGreaterThan(1000);
    }
  });

  it('reads text starting with a dash as text, not as an option', async () => {
    const { seconds } = await tts.synthesize('-v xx --version', 'de', join(dir, 'dash.wav'));
    expect(seconds).toBeGreaterThan(0.5);
  });

  it('fails with a RenderError for a voice it does not have', async () => {
    await expect(tts.synthesize('Hallo', 'xx-none', join(dir, 'none.wav'))).rejects.toThrow(
      /voice xx-none.*does not exist/,
    );
  });
});

describe('findOnPath', () => {
  it('finds an executable in a PATH list and nothing in an empty one', () => {
    expect(findOnPath('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(findOnPath('sh', '')).toBeUndefined();
  });
});
