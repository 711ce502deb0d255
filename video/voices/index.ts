// The narration voice from configuration: eSpeak NG (offline default) or an OpenAI-compatible `audio/speech` server.
import { ConfigError } from '../../shared/errors.ts';
import type { NarrationMode } from '../../shared/narration.ts';
import { createTts, type Tts } from '../render/tts.ts';
import { createOpenAISpeechTts, type SpeechVoice } from './openai-speech.ts';

/** The `audio/speech` server's settings (KLARTEXT_SPEECH_*), used when the mode is `openai`. */
export interface SpeechSettings {
  apiKey?: string;
  baseURL?: string;
  model: string;
  voice: string;
  voices: Record<string, SpeechVoice>;
  timeoutMs?: number;
}

/**
 * The voice for KLARTEXT_NARRATION: `openai` speaks through the `audio/speech` server, every other mode is eSpeak NG
 * or silence as `createTts` decides.
 * @throws ConfigError when the chosen voice cannot be used (no API key, no espeak-ng for `system`).
 */
export function createVoice(mode: NarrationMode, speech?: SpeechSettings): Tts {
  if (mode !== 'openai') return createTts({ mode });
  if (!speech?.apiKey) {
    throw new ConfigError(
      'KLARTEXT_NARRATION=openai needs an API key for the speech server: set KLARTEXT_SPEECH_API_KEY or ' +
        'OPENAI_API_KEY (any non-empty value for a self-hosted server without keys), or choose KLARTEXT_NARRATION=auto.',
    );
  }
  return createOpenAISpeechTts({
    apiKey: speech.apiKey,
    model: speech.model,
    voice: speech.voice,
    voices: speech.voices,
    ...(speech.baseURL ? { baseURL: speech.baseURL } : {}),
    ...(speech.timeoutMs ? { timeoutMs: speech.timeoutMs } : {}),
  });
}
