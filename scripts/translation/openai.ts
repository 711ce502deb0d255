// The `openai` translation provider: any OpenAI-compatible chat model, through the official SDK, asked for JSON.
import { openAIClient } from '../../http/openai-client.ts';
import { providerError } from '../../http/openai-errors.ts';
import { ProviderRejectedError } from '../../shared/errors.ts';
import type { TranslationProvider } from './provider.ts';

/** Options of {@link createOpenAITranslationProvider}; the worker builds them from its configuration. */
export interface OpenAITranslationOptions {
  apiKey: string;
  /** Default `https://api.openai.com/v1`; any OpenAI-compatible server (Azure OpenAI, vLLM, Ollama, …). */
  baseURL?: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// A back-translation is for checking, not for reading pleasure: literal, sentence for sentence, nothing smoothed over,
// so that a changed number or a lost "not" in the script shows in the reviewer's language.
const INSTRUCTIONS = (source: string, target: string, n: number) =>
  `You back-translate a health explainer script for a medical reviewer, who checks it against the original. ` +
  `Translate each of the ${n} numbered sentences from the language with ISO 639-1 code "${source}" into the ` +
  `language with code "${target}". Translate literally, one sentence for each sentence; keep every number, date, ` +
  `negation and name exactly as the original says it; add, drop and correct nothing. Answer with a JSON object ` +
  `{"translations": [...]} holding exactly ${n} strings, in the order given.`;

/** The model's answer: exactly `n` strings under `translations`, else a ProviderRejectedError naming what is wrong. */
function readAnswer(content: string | null | undefined, n: number, server: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    throw new ProviderRejectedError(`${server} answered with no JSON object: the back-translation cannot be read.`);
  }
  const list = (parsed as { translations?: unknown } | null)?.translations;
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string')) {
    throw new ProviderRejectedError(`${server} answered without a "translations" list of strings.`);
  }
  if (list.length !== n) {
    throw new ProviderRejectedError(`${server} answered ${list.length} translations for ${n} sentences.`);
  }
  return list as string[];
}

/**
 * Creates the model provider. The SDK runs with `maxRetries: 0` (Temporal retries the activity); failures come out
 * as `ProviderRejectedError` or `ProviderUnavailableError` (with the server's Retry-After), as for script drafting.
 */
export function createOpenAITranslationProvider(options: OpenAITranslationOptions): TranslationProvider {
  const { client, host: server, timeoutMs } = openAIClient(options, 120_000);
  return {
    name: 'openai',
    model: options.model,
    async translate({ texts, source, target }) {
      if (texts.length === 0) return [];
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: INSTRUCTIONS(source, target, texts.length) },
            { role: 'user', content: JSON.stringify(texts.map((text, k) => ({ n: k + 1, text }))) },
          ],
        });
        const choice = completion.choices[0];
        if (choice?.message.refusal) {
          throw new ProviderRejectedError(
            `Model ${completion.model} refused the back-translation: ${choice.message.refusal}`,
          );
        }
        if (choice?.finish_reason === 'length') {
          throw new ProviderRejectedError(
            `The back-translation of ${completion.model} was cut off at its token limit.`,
          );
        }
        return readAnswer(choice?.message.content, texts.length, server);
      } catch (error) {
        throw providerError(error, server, timeoutMs, options.apiKey);
      }
    },
  };
}
