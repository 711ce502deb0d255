// Builds the configured script provider once per worker: the local composer, or a model behind the OpenAI API.
import { createOpenAIProvider } from './openai.ts';
import { createLocalProvider } from './local.ts';
import type { ScriptProvider } from './provider.ts';
import { loadTemplates } from '../../prompts/templates.ts';
import { ConfigError } from '../../shared/errors.ts';
import type { Config } from '../../config/config.ts';

export function createScriptProvider(config: Config['scripts']): ScriptProvider {
  if (config.provider === 'local') return createLocalProvider(loadTemplates());
  if (!config.openai.apiKey || !config.openai.model) {
    throw new ConfigError('KLARTEXT_SCRIPT_PROVIDER=openai needs OPENAI_API_KEY and KLARTEXT_SCRIPT_MODEL.');
  }
  return createOpenAIProvider({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: config.openai.model,
    timeoutMs: config.openai.timeoutMs,
    jsonSchema: config.openai.json,
  });
}
