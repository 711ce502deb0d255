// The translation-provider interface: sentences in, the same number of sentences out, in another language.

/** Sentences of one script in `source`, to be rendered in `target` (ISO 639-1 codes both). */
export interface TranslationRequest {
  texts: string[];
  source: string;
  target: string;
}

/**
 * A machine translation service that back-translates scripts for reviewers. It must never be the model that drafted
 * them (scripts/translation/index.ts refuses that at start). Adapters know nothing of Temporal or the database and
 * throw `ProviderRejectedError` (permanent: bad key, quota used up, invalid request) or `ProviderUnavailableError`
 * (retryable: 429, 5xx, timeouts, network).
 */
export interface TranslationProvider {
  /** `deepl` or `openai`. */
  readonly name: string;
  /** The model, for providers that name one. */
  readonly model?: string;
  /** One translation per text, in order. */
  translate(request: TranslationRequest): Promise<string[]>;
}
