// Webhook channel: Standard Webhooks deliveries over HTTPS, with the receiver's answer mapped to retry decisions.
import { ChannelGoneError, ChannelUnavailableError, ConfigError, DeliveryRejectedError } from '../shared/errors.ts';
import type { ChannelAdapter, Delivery, DeliveryResult } from './channel.ts';
import { decodeSecret, signPayload } from './signing.ts';

const USER_AGENT = 'klartext-webhooks/0.1';
/** Enough for an error excerpt; a receiver cannot make us buffer more than this. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const EXCERPT_CHARS = 200;

/** Where and how to deliver webhooks. */
export interface WebhookChannelOptions {
  /** `https://…`; plain `http://` only to loopback hosts and only with `allowHttpLoopback`. No `user:pass@`. */
  url: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  /** Whole-attempt timeout, response body included (the spec recommends 15–30 s). */
  timeoutMs?: number;
  /** Permits `http://` to 127.0.0.0/8, ::1 and localhost: for the local demo and tests, never for real channels. */
  allowHttpLoopback?: boolean;
  fetchImpl?: typeof fetch;
}

/**
 * Creates a channel that POSTs `{type, timestamp, data}` signed per Standard Webhooks. Redirects are not followed.
 *
 * @throws ConfigError at once when the URL or the secret is unacceptable.
 */
export function createWebhookChannel(options: WebhookChannelOptions): ChannelAdapter {
  const url = checkUrl(options.url, options.allowHttpLoopback ?? false);
  decodeSecret(options.secret);
  const { secret } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const fetchImpl = options.fetchImpl ?? fetch;
  // Query strings may carry receiver tokens, so messages name only origin and path.
  const target = url.origin + url.pathname;

  async function deliver(delivery: Delivery): Promise<DeliveryResult> {
    const body = JSON.stringify({
      type: delivery.eventType,
      timestamp: delivery.timestamp.toISOString(),
      data: delivery.data,
    });
    // The attempt's time, not the event's: receivers refuse stale timestamps to stop replays.
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signPayload({ secret, msgId: delivery.deliveryId, timestamp, body });
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': delivery.deliveryId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readCapped(response);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ChannelUnavailableError(`Webhook ${target} did not answer within ${timeoutMs} ms.`, { cause: error });
      }
      throw new ChannelUnavailableError(`Webhook ${target} could not be reached: ${describe(error)}.`, {
        cause: error,
      });
    }
    const statusCode = response.status;
    if (statusCode >= 200 && statusCode < 300) {
      return { statusCode, latencyMs: Math.round(performance.now() - started) };
    }
    const excerpt = summarise(redact(text, secret));
    const answered = `Webhook ${target} answered ${statusCode}${excerpt ? `: ${excerpt}` : ''}`;
    if (statusCode >= 300 && statusCode < 400) {
      throw new DeliveryRejectedError(
        `Webhook ${target} answered ${statusCode} (redirect); redirects are not followed: set the channel URL to the final address.`,
        { statusCode },
      );
    }
    if (statusCode === 410) {
      const message = `${answered} (410 Gone: the receiver wants no more deliveries; disable the channel).`;
      throw new ChannelGoneError(message, { statusCode });
    }
    if (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) {
      throw new DeliveryRejectedError(`${answered} (rejected; retrying will not help).`, { statusCode });
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const hint = retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds} s)`;
    throw new ChannelUnavailableError(`${answered}${hint}.`, { statusCode, retryAfterSeconds });
  }

  return { deliver };
}

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

function checkUrl(raw: string, allowHttpLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ConfigError('Webhook URL is not an absolute URL; expected https://host/path.', { cause: error });
  }
  if (url.username || url.password) {
    throw new ConfigError(
      `Webhook URL for ${url.host} carries credentials (user:pass@); remove them: deliveries are authenticated by their signature.`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') {
    throw new ConfigError(`Webhook URL for ${url.host} uses ${url.protocol}; only https: is supported.`);
  }
  if (!isLoopback(url.hostname)) {
    throw new ConfigError(
      `Webhook URL ${url.origin} uses plain http; use https (http is allowed only to loopback hosts).`,
    );
  }
  if (!allowHttpLoopback) {
    throw new ConfigError(
      `Webhook URL ${url.origin} uses plain http; loopback http needs allowHttpLoopback (local use only).`,
    );
  }
  return url;
}

function isLoopback(hostname: string): boolean {
  // The URL parser has already normalised IPv4 forms such as 127.1 or 0x7f.0.0.1 to dotted decimal.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) return new TextDecoder().decode(Buffer.concat(chunks));
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES));
}

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function redact(text: string, secret: string): string {
  const bare = secret.replace(/^whsec_/, '');
  return text.split(secret).join('[secret]').split(bare).join('[secret]');
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
