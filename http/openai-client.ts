// The official OpenAI client as every OpenAI-compatible adapter runs it (script drafting, back-translation, video,
// speech): one set-up, so retries and configuration cannot differ between them.
import OpenAI from 'openai';

/** What an adapter's configuration gives the client. */
export interface OpenAIClientOptions {
  apiKey: string;
  /** Default `https://api.openai.com/v1`; any OpenAI-compatible server (Azure OpenAI, vLLM, Ollama, …). */
  baseURL?: string;
  /** Per-request timeout; each adapter has its own default. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The client with `maxRetries: 0` (Temporal retries the activity, so retries never stack) and no organisation or
 * project read from the environment (the worker's configuration only); with the server's host for messages and the
 * timeout in effect.
 */
export function openAIClient(
  options: OpenAIClientOptions,
  defaultTimeoutMs: number,
): { client: OpenAI; host: string; timeoutMs: number } {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { client, host: new URL(client.baseURL).host, timeoutMs };
}
