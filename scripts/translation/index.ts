// Builds the configured translation provider once per worker, refusing one that is the model drafting the scripts.
import { isDraftingModel, sameModelMessage } from '../../shared/back-translation.ts';
import { ConfigError } from '../../shared/errors.ts';
import type { Config } from '../../config/config.ts';
import { createDeepLProvider } from './deepl.ts';
import { createOpenAITranslationProvider } from './openai.ts';
import type { TranslationProvider } from './provider.ts';

/**
 * The translation provider for `config`, or undefined for `none` (sentences that say no approved claim wording are
 * then shown "not back-translated").
 * @throws ConfigError naming the missing variable, or when the provider is the model that drafts the scripts: a
 * back-translation by the author is no independent check (WHO: forward and back translation by different hands).
 */
export function createTranslationProvider(
  config: Config['translation'],
  scripts: Pick<Config['scripts'], 'provider'> & { openai: Pick<Config['scripts']['openai'], 'model' | 'baseURL'> },
): TranslationProvider | undefined {
  if (config.provider === 'none') return undefined;
  if (config.provider === 'deepl') {
    if (!config.deepl.apiKey) throw new ConfigError('KLARTEXT_TRANSLATION_PROVIDER=deepl needs DEEPL_API_KEY.');
    return createDeepLProvider({
      authKey: config.deepl.apiKey,
      ...(config.deepl.serverUrl ? { serverUrl: config.deepl.serverUrl } : {}),
      timeoutMs: config.timeoutMs,
    });
  }
  const { apiKey, baseURL, model } = config.openai;
  if (!apiKey || !model) {
    throw new ConfigError(
      'KLARTEXT_TRANSLATION_PROVIDER=openai needs KLARTEXT_TRANSLATION_MODEL and a key ' +
        '(KLARTEXT_TRANSLATION_API_KEY, or OPENAI_API_KEY).',
    );
  }
  if (isDraftingModel(model, scripts)) {
    throw new ConfigError(sameModelMessage(model));
  }
  return createOpenAITranslationProvider({
    apiKey,
    model,
    timeoutMs: config.timeoutMs,
    ...(baseURL ? { baseURL } : {}),
  });
}
