// `openai-speech` voice: an OpenAI-compatible `audio/speech` server (OpenAI or self-hosted) through the official SDK.
import { writeFile } from 'node:fs/promises';
import { openAIClient } from '../../http/openai-client.ts';
import { RenderError } from '../../shared/errors.ts';
import { providerError } from '../../http/openai-errors.ts';
import type { Tts } from '../render/tts.ts';
import { wavPeak, wavSeconds } from '../render/wav.ts';

/** Longest input the API takes (`CreateSpeechRequest.input.maxLength`). */
export const MAX_INPUT_CHARS = 4096;

/** A language's voice on the server, and the model that speaks it when it is not the default one. */
export interface SpeechVoice {
  voice: string;
  model?: string;
}

/** Options of {@link createOpenAISpeechTts}. */
export interface OpenAISpeechOptions {
  apiKey: string;
  /** The server's API root, e.g. `https://api.openai.com/v1`; absent: OpenAI's. */
  baseURL?: string;
  /** Default model, e.g. `gpt-4o-mini-tts`. */
  model: string;
  /** Voice of languages not in `voices`. */
  voice: string;
  /** Language → voice (and model). */
  voices?: Readonly<Record<string, SpeechVoice>>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Makes a streamed WAV whole: servers that stream speech write 0xFFFFFFFF (or 0) as RIFF and data sizes, which
 * some readers take literally; the sizes are set from the bytes received.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.byteLength < 12 || wav.toString('latin1', 0, 4) !== 'RIFF') return wav;
  wav.writeUInt32LE(wav.byteLength - 8, 4);
  for (let at = 12; at + 8 <= wav.byteLength;) {
    if (wav.toString('latin1', at, at + 4) === 'data') {
      wav.writeUInt32LE(wav.byteLength - at - 8, at + 4);
      break;
    }
    const size = wav.readUInt32LE(at + 4);
    at += 8 + size + (size % 2);
  }
  return wav;
}

/**
 * The `audio/speech` voice. Each clip is asked for as WAV, so its length is read from the audio itself and the
 * timeline follows the speech as produced. The SDK runs with `maxRetries: 0`: Temporal retries the render.
 */
export function createOpenAISpeechTts(options: OpenAISpeechOptions): Tts {
  const { client, host, timeoutMs } = openAIClient(options, 120_000);
  const server = `The speech service at ${host}`;
  const chosen = (lang: string): Required<SpeechVoice> => {
    const v = options.voices?.[lang];
    return { voice: v?.voice ?? options.voice, model: v?.model ?? options.model };
  };
  return {
    engine: 'openai-speech',
    voiceFor: (lang) => chosen(lang).voice,
    keyFor: (lang) => ({ ...chosen(lang), server: host }),
    describe: () => Promise.resolve({ engine: 'openai-speech', model: options.model, server: host }),
    async synthesize(text, lang, outWav, { signal } = {}) {
      const input = text.replace(/\s+/g, ' ').trim();
      const { voice, model } = chosen(lang);
      if (input.length > MAX_INPUT_CHARS) {
        throw new RenderError(
          `${server} takes at most ${MAX_INPUT_CHARS} characters per request; a narration text has ${input.length}: ` +
            'shorten the scene or split it.',
        );
      }
      let wav: Buffer;
      try {
        const response = await client.audio.speech.create(
          { model, voice, input, response_format: 'wav' },
          signal ? { signal } : {},
        );
        wav = fixWavSizes(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw providerError(error, server, timeoutMs, options.apiKey);
      }
      let seconds: number;
      try {
        seconds = wavPeak(wav) === 0 ? 0 : wavSeconds(wav);
      } catch (error) {
        const what = `${server} (voice ${voice}, model ${model}) answered with audio that is not WAV`;
        throw new RenderError(`${what}: klartext asks for response_format wav; use a server that supports it`, {
          cause: error,
        });
      }
      if (seconds <= 0) {
        throw new RenderError(`${server} (voice ${voice}, model ${model}) returned no audible speech for a text`);
      }
      await writeFile(outWav, wav);
      return { seconds };
    },
  };
}
