// Builds the configured video provider once per worker: none for the local renderer, or a model video service.
import { createOpenAIVideosProvider } from './openai-videos.ts';
import type { VideoProvider } from './provider.ts';
import { createVeoProvider } from './veo.ts';
import { ConfigError } from '../../shared/errors.ts';
import type { Config } from '../../config/config.ts';

/** Models used when KLARTEXT_VIDEO_MODEL is not set. */
export const DEFAULT_VIDEO_MODELS = { 'openai-videos': 'sora-2', veo: 'veo-3.0-generate-001' } as const;

/**
 * The video provider for `config`, or undefined for `local` (the ffmpeg renderer needs none).
 * @throws ConfigError naming the variable that is missing for the chosen provider.
 */
export function createVideoProvider(config: Config['video']): VideoProvider | undefined {
  if (config.provider === 'local') return undefined;
  const model = config.model ?? DEFAULT_VIDEO_MODELS[config.provider];
  if (config.provider === 'veo') {
    if (!config.gemini.apiKey) {
      throw new ConfigError('KLARTEXT_VIDEO_PROVIDER=veo needs GEMINI_API_KEY (a Gemini API key).');
    }
    return createVeoProvider({
      apiKey: config.gemini.apiKey,
      model,
      ...(config.gemini.baseURL ? { baseURL: config.gemini.baseURL } : {}),
    });
  }
  const { apiKey, baseURL } = config.openaiVideos;
  if (!baseURL) {
    // OpenAI shut its own Videos API down on 2026-09-24: there is no sensible default server any more.
    throw new ConfigError(
      'KLARTEXT_VIDEO_PROVIDER=openai-videos needs OPENAI_VIDEOS_BASE_URL (or OPENAI_BASE_URL): the API root of ' +
        'a server speaking /v1/videos, e.g. https://gateway.example/v1.',
    );
  }
  if (!apiKey) {
    throw new ConfigError('KLARTEXT_VIDEO_PROVIDER=openai-videos needs OPENAI_VIDEOS_API_KEY (or OPENAI_API_KEY).');
  }
  return createOpenAIVideosProvider({ apiKey, baseURL, model });
}
