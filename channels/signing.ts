// Standard Webhooks symmetric signatures (`v1`, HMAC-SHA256 with a `whsec_` secret) for outgoing deliveries.
import { createHmac, randomBytes } from 'node:crypto';
import { ConfigError, InputError } from '../shared/errors.ts';

const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 random bytes; fewer is too weak to sign with, more is harmless. */
const MIN_SECRET_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+$/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** What is signed: the message id, the attempt time and the exact body bytes that are sent. */
export interface SignPayloadInput {
  /** `whsec_` + base64 (the prefix is optional, as in the upstream libraries). */
  secret: string;
  /** The `webhook-id` header value. */
  msgId: string;
  /** The `webhook-timestamp` header value, in whole seconds since the epoch. */
  timestamp: number;
  /** The raw request body; a string is signed as UTF-8. */
  body: string | Uint8Array;
}

/**
 * Decodes a Standard Webhooks secret into its HMAC key.
 *
 * @throws ConfigError when the secret is empty, not base64, an asymmetric key, or shorter than 24 bytes. The message
 *   never repeats the secret.
 */
export function decodeSecret(secret: string): Buffer {
  if (secret.startsWith('whsk_') || secret.startsWith('whpk_')) {
    throw new ConfigError(
      'Webhook secret is an ed25519 key (whsk_/whpk_); klartext signs with v1 HMAC secrets (whsec_…).',
    );
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const unpadded = encoded.replace(/={1,2}$/, '');
  const paddingOk = unpadded === encoded || encoded.length % 4 === 0;
  if (unpadded === '') {
    throw new ConfigError('Webhook secret is empty: expected "whsec_" followed by base64 of 24–64 random bytes.');
  }
  if (!BASE64.test(unpadded) || unpadded.length % 4 === 1 || !paddingOk) {
    throw new ConfigError(
      'Webhook secret is not valid base64 after its "whsec_" prefix; copy it again from its source.',
    );
  }
  const key = Buffer.from(unpadded, 'base64');
  if (key.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `Webhook secret decodes to ${key.length} bytes; Standard Webhooks secrets need at least ${MIN_SECRET_BYTES}.`,
    );
  }
  return key;
}

/**
 * Signs one webhook attempt: HMAC-SHA256 over `<msgId>.<timestamp>.<body>`, base64-encoded.
 *
 * @returns the `webhook-signature` header value, `v1,<base64>`.
 * @throws ConfigError for a malformed secret; InputError for an id that cannot be a header value or a timestamp that
 *   is not a non-negative whole number of seconds.
 */
export function signPayload(input: SignPayloadInput): string {
  const key = decodeSecret(input.secret);
  if (!VISIBLE_ASCII.test(input.msgId)) {
    throw new InputError(`Webhook id ${JSON.stringify(input.msgId)} must be non-empty visible ASCII (no spaces).`);
  }
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new InputError(`Webhook timestamp ${input.timestamp} must be a non-negative whole number of seconds.`);
  }
  const hmac = createHmac('sha256', key);
  hmac.update(`${input.msgId}.${input.timestamp}.`, 'utf8');
  hmac.update(input.body);
  return `v1,${hmac.digest('base64')}`;
}

/** Creates a fresh secret in the Standard Webhooks format (`whsec_` + base64 of 32 random bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}
