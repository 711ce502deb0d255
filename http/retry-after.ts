// How an outbound HTTP answer is read for retrying, the same way by channels and model providers: Retry-After and
// which statuses are permanent.

/**
 * Reads a `Retry-After` value: delay seconds or an HTTP date (a date in the past means "now").
 *
 * @returns whole seconds to wait, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // HTTP dates start with a day name; without this check Date.parse would take "-5" as a year.
  const at = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Whether a status means "retrying will not help": a 4xx other than 408 (timeout), 429 (too many requests) and the
 * `alsoRetryable` ones (OpenAI retries 409 lock conflicts).
 */
export function isPermanentStatus(statusCode: number, alsoRetryable: readonly number[] = []): boolean {
  return statusCode >= 400 && statusCode < 500 && ![408, 429, ...alsoRetryable].includes(statusCode);
}
