// Webhook channel: Standard Webhooks deliveries over HTTPS, with the receiver's answer mapped to retry decisions.
import {
  ChannelGoneError,
  ChannelUnavailableError,
  DeliveryRejectedError,
  UnsafeTargetError,
} from '../shared/errors.ts';
import { isPermanentStatus, parseRetryAfter } from '../http/retry-after.ts';
import type { ChannelAdapter, Delivery, DeliveryResult } from './channel.ts';
import { checkTargetUrl, createOutboundClient } from './outbound.ts';
import type { OutboundClient, OutboundPolicy, OutboundResponse } from './outbound.ts';
import { checkSigningSecret, signPayload } from './signing.ts';

const USER_AGENT = 'klartext-webhooks/0.1';
const EXCERPT_CHARS = 200;

/** Where and how to deliver webhooks. */
export interface WebhookChannelOptions extends OutboundPolicy {
  /** `https://…`; plain `http://` only to loopback hosts and only with `allowHttpLoopback`. No `user:pass@`. */
  url: string;
  /**
   * Standard Webhooks signing secret: `whsec_` + base64 signs `v1` (HMAC-SHA256); `whsk_` + base64 (an Ed25519
   * private key, see `generateWebhookKeyPair`) signs `v1a`, and the receiver verifies with the matching `whpk_` key.
   */
  secret: string;
  /** Whole-attempt timeout, response body included (the spec recommends 15–30 s). */
  timeoutMs?: number;
  /** Sends the requests; defaults to {@link createOutboundClient} under this channel's policy. */
  outbound?: OutboundClient;
}

/**
 * Creates a channel that POSTs `{type, timestamp, data}` signed per Standard Webhooks, through the SSRF-safe outbound
 * client. Redirects are not followed.
 *
 * @throws ConfigError at once when the URL, the secret or the allow-list is unacceptable.
 */
export function createWebhookChannel(options: WebhookChannelOptions): ChannelAdapter {
  const url = checkTargetUrl(options.url, { allowHttpLoopback: options.allowHttpLoopback, label: 'Webhook URL' });
  checkSigningSecret(options.secret);
  const { secret } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const outbound = options.outbound ?? createOutboundClient(options);
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
    let response: OutboundResponse;
    try {
      response = await outbound.request({
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': delivery.deliveryId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body,
        timeoutMs,
      });
    } catch (error) {
      if (error instanceof UnsafeTargetError) throw error;
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ChannelUnavailableError(`Webhook ${target} did not answer within ${timeoutMs} ms.`, { cause: error });
      }
      throw new ChannelUnavailableError(`Webhook ${target} could not be reached: ${describe(error)}.`, {
        cause: error,
      });
    }
    const text = response.body;
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
    if (isPermanentStatus(statusCode)) {
      throw new DeliveryRejectedError(`${answered} (rejected; retrying will not help).`, { statusCode });
    }
    const retryAfter = response.headers['retry-after'];
    const retryAfterSeconds = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    const hint = retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds} s)`;
    throw new ChannelUnavailableError(`${answered}${hint}.`, { statusCode, retryAfterSeconds });
  }

  return { deliver };
}

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function redact(text: string, secret: string): string {
  const bare = secret.replace(/^(whsec_|whsk_)/, '');
  return text.split(secret).join('[secret]').split(bare).join('[secret]');
}

function describe(error: unknown): string {
  const own = (error as { code?: unknown } | undefined)?.code;
  if (typeof own === 'string') return own;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
