// Maps OpenAI SDK errors to klartext's provider errors: permanent (non-retryable) or retryable with Retry-After.
import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError } from 'openai';
import { KlartextError, ProviderRejectedError, ProviderUnavailableError } from '../shared/errors.ts';
import { isPermanentStatus, parseRetryAfter } from './retry-after.ts';

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  return parseRetryAfter(headers?.get('retry-after'));
}

/**
 * Maps an SDK error to `ProviderRejectedError` (4xx other than 408/409/429; SDK errors without a response) or
 * `ProviderUnavailableError` (408/409/429/5xx, timeouts, connection errors, with `retryAfterSeconds` from
 * `retry-after-ms` or `Retry-After`). klartext errors and unknown errors pass unchanged. The API key never reaches a
 * message.
 */
export function providerError(error: unknown, server: string, timeoutMs: number, apiKey = ''): unknown {
  if (error instanceof KlartextError) return error;
  const redact = (text: string) => (apiKey.length >= 8 ? text.replaceAll(apiKey, '[api key]') : text);
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderUnavailableError(`${server} did not answer within ${timeoutMs} ms.`, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    return new ProviderUnavailableError(`${server} could not be reached: ${redact(reason)}`, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    const statusCode = error.status;
    const answered = `${server} answered ${redact(error.message)}`;
    if (isPermanentStatus(statusCode, [409])) {
      return new ProviderRejectedError(`${answered} (rejected; retrying will not help).`, { cause: error, statusCode });
    }
    const seconds = retryAfterSeconds(error.headers);
    const hint = seconds === undefined ? '' : ` (retry after ${seconds} s)`;
    return new ProviderUnavailableError(`${answered}${hint}`, { cause: error, statusCode, retryAfterSeconds: seconds });
  }
  // SDK errors without a response (bad options, missing credentials) do not go away on retry.
  if (error instanceof OpenAIError) return new ProviderRejectedError(redact(error.message), { cause: error });
  return error;
}
