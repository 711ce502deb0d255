import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTts, ESPEAK_VOICES, findOnPath, wavSeconds } from '../../../activities/render/tts.ts';
import { RenderError } from '../../../shared/errors.ts';

/** Whether the shell finds espeak-ng, independently of the code under test. */
function whichEspeak(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v espeak-ng'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A 16-bit mono WAV header followed by `bytes` of silence at `rate` Hz. */
function wav(rate: number, bytes: number): Uint8Array {
  const buf = Buffer.alloc(44 + bytes);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + bytes, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(0x7fffffff, 40); // a streamed placeholder size, as espeak-ng may leave it
  return buf;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klartext-tts-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTts', () => {
  it('picks espeak-ng exactly when the shell finds it on PATH', () => {
    expect(createTts().name).toBe(whichEspeak() ? 'espeak-ng' : 'silent');
  });

  it('falls back to the silent TTS when espeak-ng is not on the given PATH', async () => {
    const tts = createTts({ path: '' });
    expect(tts.name).toBe('silent');
    expect(await tts.synthesize('Hallo', 'de', join(dir, 'none.wav'))).toEqual({ seconds: 0 });
  });

  it('speaks each campaign language with its own voice when espeak-ng is installed', async () => {
    const tts = createTts();
    const samples: Record<string, string> = {
      de: 'Die Impfung ist kostenlos.',
      en: 'The vaccine is free.',
      tr: 'Aşı ücretsizdir.',
      uk: 'Щеплення безкоштовне.',
    };
    for (const lang of Object.keys(ESPEAK_VOICES)) {
      const { seconds } = await tts.synthesize(samples[lang]!, lang, join(dir, `${lang}.wav`));
      if (tts.name === 'espeak-ng') expect(seconds).toBeGreaterThan(0.5);
      else expect(seconds).toBe(0);
    }
  });
});

describe('findOnPath', () => {
  it('finds an executable in a PATH list and nothing in an empty one', () => {
    expect(findOnPath('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(findOnPath('sh', '')).toBeUndefined();
  });
});

describe('wavSeconds', () => {
  it('measures the data after the header, ignoring a placeholder chunk size', () => {
    expect(wavSeconds(wav(22050, 22050 * 2 * 3))).toBeCloseTo(3, 6);
  });

  it('rejects bytes that are not a WAV file', () => {
    expect(() => wavSeconds(new Uint8Array(64))).toThrow(RenderError);
  });
});
