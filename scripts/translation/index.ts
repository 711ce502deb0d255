// Builds the configured translation provider once per worker, refusing one that is the model drafting the scripts.
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
    throw new ConfigError(
      `KLARTEXT_TRANSLATION_MODEL=${model} is the model that drafts the scripts (KLARTEXT_SCRIPT_MODEL): a ` +
        'back-translation must come from another hand. Choose another model, or KLARTEXT_TRANSLATION_PROVIDER=deepl.',
    );
  }
  return createOpenAITranslationProvider({
    apiKey,
    model,
    timeoutMs: config.timeoutMs,
    ...(baseURL ? { baseURL } : {}),
  });
}

/** A model name without its dated snapshot (`gpt-4o-2024-08-06` → `gpt-4o`), as servers report the model used. */
const modelFamily = (model: string) =>
  model
    .trim()
    .toLowerCase()
    .replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '');

/**
 * Whether `model` is the drafting model: the same model (a dated snapshot of it counts as the same), at whatever
 * server (the same weights behind another gateway are still the author). Also used per script version, whose
 * provider and model (as the server reported it) are recorded with it.
 */
export function isDraftingModel(
  model: string | undefined,
  drafting: { provider: string; openai?: { model?: string }; model?: string },
): boolean {
  const drafted = drafting.model ?? drafting.openai?.model;
  return drafting.provider === 'openai' && !!model && !!drafted && modelFamily(model) === modelFamily(drafted);
}
