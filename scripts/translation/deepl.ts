// The `deepl` translation provider: DeepL's API through its official Node client, deepl-node.
import {
  AuthorizationError,
  ConnectionError,
  DeepLClient,
  DeepLError,
  QuotaExceededError,
  TooManyRequestsError,
} from 'deepl-node';
import type { SourceLanguageCode, TargetLanguageCode } from 'deepl-node';
import { KlartextError, ProviderRejectedError, ProviderUnavailableError } from '../../shared/errors.ts';
import type { TranslationProvider } from './provider.ts';

/** Options of {@link createDeepLProvider}; the worker builds them from its configuration. */
export interface DeepLProviderOptions {
  authKey: string;
  /** Default: DeepL's Free or Pro API, as the key says (`:fx` keys are Free); a test points it at a fake. */
  serverUrl?: string;
  timeoutMs?: number;
}

const MAX_TEXTS = 50;

// DeepL wants a variant for English and Portuguese targets, and none on a source.
const TARGET_VARIANTS: Record<string, string> = { en: 'en-GB', pt: 'pt-PT' };
const targetCode = (lang: string) => (TARGET_VARIANTS[lang] ?? lang) as TargetLanguageCode;
const sourceCode = (lang: string) => lang.split('-')[0] as SourceLanguageCode;

/** deepl-node's errors as klartext's: a key refused or a quota used up do not heal on retry, a busy server does. */
function providerError(error: unknown, server: string): unknown {
  if (error instanceof KlartextError) return error;
  if (error instanceof AuthorizationError) {
    return new ProviderRejectedError(`${server} refused the key (403): check DEEPL_API_KEY.`, {
      cause: error,
      statusCode: 403,
    });
  }
  if (error instanceof QuotaExceededError) {
    return new ProviderRejectedError(
      `${server} says the character quota of this billing period is used up (456): raise the plan's limit or wait ` +
        'for the next period.',
      { cause: error, statusCode: 456 },
    );
  }
  if (error instanceof TooManyRequestsError) {
    return new ProviderUnavailableError(`${server} is busy (429 Too many requests).`, {
      cause: error,
      statusCode: 429,
    });
  }
  if (error instanceof ConnectionError) {
    return new ProviderUnavailableError(`${server} could not be reached: ${error.message}`, { cause: error });
  }
  if (error instanceof DeepLError) {
    // The client's messages carry the status: a 5xx is the server's trouble, anything else is our request.
    const status = /status code: (\d{3})|Service unavailable/.exec(error.message);
    if (status && (status[1] === undefined || status[1].startsWith('5'))) {
      return new ProviderUnavailableError(`${server} answered: ${error.message}`, { cause: error });
    }
    return new ProviderRejectedError(`${server} rejected the request: ${error.message}`, { cause: error });
  }
  return error;
}

/**
 * Creates the DeepL provider. The client runs with `maxRetries: 0`: Temporal retries the activity, so no retries
 * stack up inside one attempt.
 */
export function createDeepLProvider(options: DeepLProviderOptions): TranslationProvider {
  const client = new DeepLClient(options.authKey, {
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    maxRetries: 0,
    minTimeout: options.timeoutMs ?? 30_000,
  });
  const server = options.serverUrl
    ? new URL(options.serverUrl).host
    : options.authKey.endsWith(':fx')
      ? 'api-free.deepl.com'
      : 'api.deepl.com';
  return {
    name: 'deepl',
    async translate({ texts, source, target }) {
      if (texts.length === 0) return [];
      try {
        const translated: string[] = [];
        // DeepL takes at most 50 texts per request.
        for (let start = 0; start < texts.length; start += MAX_TEXTS) {
          const chunk = texts.slice(start, start + MAX_TEXTS);
          const results = await client.translateText(chunk, sourceCode(source), targetCode(target));
          if (results.length !== chunk.length) {
            throw new ProviderRejectedError(
              `${server} answered ${results.length} translations for ${chunk.length} sentences.`,
            );
          }
          translated.push(...results.map((r) => r.text));
        }
        return translated;
      } catch (error) {
        throw providerError(error, server);
      }
    },
  };
}
