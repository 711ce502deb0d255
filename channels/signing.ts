// Standard Webhooks signatures for outgoing deliveries: symmetric `v1` (HMAC-SHA256, `whsec_` secrets) and
// asymmetric `v1a` (Ed25519, `whsk_` private / `whpk_` public keys); the secret's prefix picks the scheme.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ConfigError, InputError } from '../shared/errors.ts';

const SECRET_PREFIX = 'whsec_';
const PRIVATE_KEY_PREFIX = 'whsk_';
const PUBLIC_KEY_PREFIX = 'whpk_';
/** The spec asks for 24 to 64 random bytes; fewer is too weak to sign with, more is harmless. */
const MIN_SECRET_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+$/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
// DER prefixes that turn a raw 32-byte Ed25519 seed or public key into PKCS#8 / SPKI for node:crypto (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** What is signed: the message id, the attempt time and the exact body bytes that are sent. */
export interface SignPayloadInput {
  /** `whsec_` + base64 (v1; the prefix is optional, as in the upstream libraries) or `whsk_` + base64 (v1a). */
  secret: string;
  /** The `webhook-id` header value. */
  msgId: string;
  /** The `webhook-timestamp` header value, in whole seconds since the epoch. */
  timestamp: number;
  /** The raw request body; a string is signed as UTF-8. */
  body: string | Uint8Array;
}

/** An Ed25519 key pair in the Standard Webhooks serialisation. */
export interface WebhookKeyPair {
  /** `whsk_` + base64 of the 64-byte private key (32-byte seed followed by the public key): the sender keeps it. */
  privateKey: string;
  /** `whpk_` + base64 of the 32-byte public key: give it to receivers. */
  publicKey: string;
}

/** Which signature a secret produces: `v1` (HMAC) or `v1a` (Ed25519). */
export function signatureScheme(secret: string): 'v1' | 'v1a' {
  return secret.startsWith(PRIVATE_KEY_PREFIX) ? 'v1a' : 'v1';
}

/**
 * Decodes a Standard Webhooks `whsec_` secret into its HMAC key.
 *
 * @throws ConfigError when the secret is empty, not base64, an Ed25519 key, or shorter than 24 bytes. The message
 *   never repeats the secret.
 */
export function decodeSecret(secret: string): Buffer {
  if (secret.startsWith(PRIVATE_KEY_PREFIX) || secret.startsWith(PUBLIC_KEY_PREFIX)) {
    throw new ConfigError('Webhook secret is an ed25519 key (whsk_/whpk_), not an HMAC secret (whsec_…).');
  }
  const key = decodeBase64(secret, SECRET_PREFIX);
  if (key.length < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `Webhook secret decodes to ${key.length} bytes; Standard Webhooks secrets need at least ${MIN_SECRET_BYTES}.`,
    );
  }
  return key;
}

/**
 * Checks any sending secret (`whsec_` or `whsk_`) without signing anything, so a channel fails at configuration time.
 *
 * @throws ConfigError for a malformed secret, a public key given where the private key belongs, or a `whsk_` key whose
 *   two halves do not belong together.
 */
export function checkSigningSecret(secret: string): void {
  if (secret.startsWith(PUBLIC_KEY_PREFIX)) {
    throw new ConfigError(
      'Webhook secret is a public key (whpk_…): the sender needs the private key (whsk_…); give whpk_ to receivers.',
    );
  }
  if (signatureScheme(secret) === 'v1a') privateKeyOf(secret);
  else decodeSecret(secret);
}

/**
 * Signs one webhook attempt over `<msgId>.<timestamp>.<body>`: HMAC-SHA256 for `whsec_` secrets, Ed25519 for `whsk_`.
 *
 * @returns the `webhook-signature` header value, `v1,<base64>` or `v1a,<base64>`.
 * @throws ConfigError for a malformed secret; InputError for an id that cannot be a header value or a timestamp that
 *   is not a non-negative whole number of seconds.
 */
export function signPayload(input: SignPayloadInput): string {
  const scheme = signatureScheme(input.secret);
  const key = scheme === 'v1a' ? privateKeyOf(input.secret) : decodeSecret(input.secret);
  const content = signedContent(input.msgId, input.timestamp, input.body);
  if (scheme === 'v1a') return `v1a,${sign(null, content, key as KeyObject).toString('base64')}`;
  return `v1,${createHmac('sha256', key as Buffer)
    .update(content)
    .digest('base64')}`;
}

/**
 * Verifies a `webhook-signature` header (a space-separated list) against a `whpk_` public key: true when one `v1a`
 * entry is a valid Ed25519 signature. Timestamp tolerance is the caller's check.
 *
 * @throws ConfigError for a malformed public key.
 */
export function verifyAsymmetricSignature(
  publicKey: string,
  input: { msgId: string; timestamp: number; body: string | Uint8Array; signatureHeader: string },
): boolean {
  if (!publicKey.startsWith(PUBLIC_KEY_PREFIX)) {
    throw new ConfigError('Webhook public key must start with "whpk_" followed by base64 of 32 bytes.');
  }
  const raw = decodeBase64(publicKey, PUBLIC_KEY_PREFIX);
  if (raw.length !== 32) throw new ConfigError(`Webhook public key decodes to ${raw.length} bytes; ed25519 needs 32.`);
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  const content = signedContent(input.msgId, input.timestamp, input.body);
  return input.signatureHeader.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1a' || !signature) return false;
    const bytes = Buffer.from(signature, 'base64');
    return bytes.length === 64 && verify(null, content, key, bytes);
  });
}

/** Creates a fresh secret in the Standard Webhooks format (`whsec_` + base64 of 32 random bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Creates a fresh Ed25519 key pair for `v1a` signatures (`whsk_` for the channel, `whpk_` for its receiver). */
export function generateWebhookKeyPair(): WebhookKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  return {
    privateKey: PRIVATE_KEY_PREFIX + Buffer.concat([seed, raw]).toString('base64'),
    publicKey: PUBLIC_KEY_PREFIX + raw.toString('base64'),
  };
}

/** Derives the `whpk_` public key that belongs to a `whsk_` private key. */
export function publicKeyOf(privateKey: string): string {
  const raw = createPublicKey(privateKeyOf(privateKey))
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_ED25519.length);
  return PUBLIC_KEY_PREFIX + raw.toString('base64');
}

function privateKeyOf(secret: string): KeyObject {
  const raw = decodeBase64(secret, PRIVATE_KEY_PREFIX);
  // Libraries serialise either the 32-byte seed or seed + public key (64 bytes, as Go and libsodium hold it).
  if (raw.length !== 32 && raw.length !== 64) {
    throw new ConfigError(`Webhook key (whsk_) decodes to ${raw.length} bytes; ed25519 private keys have 32 or 64.`);
  }
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, raw.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  if (raw.length === 64) {
    const derived = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
    if (!derived.equals(raw.subarray(32))) {
      throw new ConfigError('Webhook key (whsk_) is damaged: its public half does not match its seed; copy it again.');
    }
  }
  return key;
}

function signedContent(msgId: string, timestamp: number, body: string | Uint8Array): Buffer {
  // A dot in the id would let one signed message pass for another, so ids are visible ASCII without spaces.
  if (!VISIBLE_ASCII.test(msgId)) {
    throw new InputError(`Webhook id ${JSON.stringify(msgId)} must be non-empty visible ASCII (no spaces).`);
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new InputError(`Webhook timestamp ${timestamp} must be a non-negative whole number of seconds.`);
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`${msgId}.${timestamp}.`, 'utf8'), bytes]);
}

function decodeBase64(secret: string, prefix: string): Buffer {
  const encoded = secret.startsWith(prefix) ? secret.slice(prefix.length) : secret;
  const unpadded = encoded.replace(/={1,2}$/, '');
  const paddingOk = unpadded === encoded || encoded.length % 4 === 0;
  if (unpadded === '') {
    throw new ConfigError(`Webhook secret is empty: expected "${prefix}" followed by base64.`);
  }
  if (!BASE64.test(unpadded) || unpadded.length % 4 === 1 || !paddingOk) {
    throw new ConfigError(
      `Webhook secret is not valid base64 after its "${prefix}" prefix; copy it again from its source.`,
    );
  }
  return Buffer.from(unpadded, 'base64');
}
