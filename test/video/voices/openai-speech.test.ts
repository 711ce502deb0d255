import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderRejectedError, ProviderUnavailableError, RenderError } from '../../../shared/errors.ts';
import { wavSeconds } from '../../../video/render/wav.ts';
import { createOpenAISpeechTts, MAX_INPUT_CHARS } from '../../../video/voices/openai-speech.ts';
import { fakeSpeechSeconds, startSpeechServer } from '../../fakes/speech-server.ts';
import type { FakeSpeechServer } from '../../fakes/speech-server.ts';

let fake: FakeSpeechServer;
let dir: string;
beforeAll(async () => {
  fake = await startSpeechServer();
  dir = await mkdtemp(join(tmpdir(), 'klartext-speech-test-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.requests.length = 0;
  fake.violations.length = 0;
});

const voice = (over: Partial<Parameters<typeof createOpenAISpeechTts>[0]> = {}) =>
  createOpenAISpeechTts({
    apiKey: fake.apiKey,
    baseURL: fake.baseURL,
    model: 'gpt-4o-mini-tts',
    voice: 'alloy',
    voices: { de: { voice: 'marin' }, uk: { voice: 'uk_voice', model: 'self-hosted-tts' } },
    ...over,
  });

/** `seconds` of 24 kHz mono 16-bit zeros with a canonical 44-byte header. */
function silentWav(seconds: number): Buffer {
  const data = Math.round(seconds * 24_000) * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(24_000, 24);
  wav.writeUInt32LE(48_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(data, 40);
  return wav;
}

/** A valid request body as `fetch` would send it, for probing the fake itself. */
const post = (body: unknown, key = fake.apiKey) =>
  fetch(`${fake.baseURL}/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('openai-speech voice', () => {
  it('asks for WAV with the model and voice of the language and times the speech by the audio returned', async () => {
    const tts = voice();
    const text = 'Guten Tag.\n  Zweiter   Satz.';
    const out = join(dir, 'de.wav');
    const { seconds } = await tts.synthesize(text, 'de', out);
    expect(fake.requests).toEqual([
      { model: 'gpt-4o-mini-tts', voice: 'marin', input: 'Guten Tag. Zweiter Satz.', response_format: 'wav' },
    ]);
    expect(seconds).toBeCloseTo(fakeSpeechSeconds('Guten Tag. Zweiter Satz.'), 2);
    // The streamed sizes (0xFFFFFFFF) are replaced by the real ones, so every reader agrees on the length.
    const wav = await readFile(out);
    expect(wav.readUInt32LE(4)).toBe(wav.byteLength - 8);
    expect(wavSeconds(wav)).toBeCloseTo(seconds, 3);
    expect(fake.violations).toEqual([]);
  });

  it('uses a language’s own model when configured and the default voice for other languages', async () => {
    const tts = voice();
    await tts.synthesize('Привіт.', 'uk', join(dir, 'uk.wav'));
    await tts.synthesize('Merhaba.', 'tr', join(dir, 'tr.wav'));
    expect(fake.requests.map((r) => [r.model, r.voice])).toEqual([
      ['self-hosted-tts', 'uk_voice'],
      ['gpt-4o-mini-tts', 'alloy'],
    ]);
    expect(tts.voiceFor('uk')).toBe('uk_voice');
    expect(tts.keyFor?.('uk')).toEqual({
      voice: 'uk_voice',
      model: 'self-hosted-tts',
      server: new URL(fake.baseURL).host,
    });
  });

  it('describes itself by model and server, without a request', async () => {
    expect(await voice().describe()).toEqual({
      engine: 'openai-speech',
      model: 'gpt-4o-mini-tts',
      server: new URL(fake.baseURL).host,
    });
    expect(fake.requests).toEqual([]);
  });

  it('refuses a text longer than the API takes before sending it', async () => {
    const error = await voice()
      .synthesize('a'.repeat(MAX_INPUT_CHARS + 1), 'en', join(dir, 'long.wav'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message).toMatch(/at most 4096 characters.*shorten the scene/);
    expect(fake.requests).toEqual([]);
  });

  it('maps a wrong key to a permanent rejection that never shows the key', async () => {
    const error = await voice({ apiKey: 'sk-wrong-key-123456' })
      .synthesize('Hello.', 'en', join(dir, 'k.wav'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect((error as Error).message).toContain('The speech service at 127.0.0.1');
    expect((error as Error).message).not.toContain('sk-wrong-key-123456');
  });

  it('maps 429 with Retry-After and 5xx to retryable errors', async () => {
    fake.failNext(
      { status: 429, message: 'Rate limit reached', headers: { 'retry-after': '7' } },
      { status: 503, message: 'Overloaded' },
    );
    const first = await voice()
      .synthesize('Hello.', 'en', join(dir, 'r.wav'))
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ProviderUnavailableError);
    expect((first as ProviderUnavailableError).retryAfterSeconds).toBe(7);
    const second = await voice()
      .synthesize('Hello.', 'en', join(dir, 'r.wav'))
      .catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ProviderUnavailableError);
  });

  it('fails the render when the server answers silence or something that is not WAV', async () => {
    fake.answerNext(silentWav(0.5), Buffer.from('not audio at all'));
    await expect(voice().synthesize('Hello.', 'en', join(dir, 's.wav'))).rejects.toThrow(/no audible speech/);
    await expect(voice().synthesize('Hello.', 'en', join(dir, 'n.wav'))).rejects.toThrow(/audio that is not WAV/);
  });
});

describe('fake audio/speech server', () => {
  it.each([
    ['without a voice', { model: 'tts-1', input: 'Hi' }, /voice/],
    ['with an unknown field', { model: 'tts-1', input: 'Hi', voice: 'alloy', pitch: 2 }, /pitch/],
    ['with a speed out of range', { model: 'tts-1', input: 'Hi', voice: 'alloy', speed: 5 }, /speed/],
    ['with an unknown format', { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'ogg' }, /format/],
    ['with too long an input', { model: 'tts-1', input: 'a'.repeat(4097), voice: 'alloy' }, /input/],
  ])('refuses a request %s with 400 and OpenAI’s error body', async (_, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { message: string; type: string } };
    expect(answer.error.type).toBe('invalid_request_error');
    expect(answer.error.message).toMatch(field);
    expect(fake.violations.length).toBeGreaterThan(0);
  });

  it('answers real audio in each requested format (mp3 by default)', async () => {
    const magic = async (format?: string) => {
      const res = await post({
        model: 'tts-1',
        input: 'Hi',
        voice: { id: 'voice_1' },
        ...(format ? { response_format: format } : {}),
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const mp3 = await magic();
    expect(mp3.subarray(0, 3).toString('latin1') === 'ID3' || mp3[0] === 0xff).toBe(true);
    expect((await magic('wav')).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect((await magic('flac')).subarray(0, 4).toString('latin1')).toBe('fLaC');
    expect((await magic('opus')).subarray(0, 4).toString('latin1')).toBe('OggS');
    expect((await magic('aac'))[0]).toBe(0xff);
    // pcm: 24 kHz mono 16-bit, so 2 bytes per sample for the whole length.
    expect((await magic('pcm')).byteLength).toBe(Math.round(fakeSpeechSeconds('Hi') * 24_000) * 2);
    expect(fake.violations).toEqual([]);
  });
});
