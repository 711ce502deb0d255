// Verifying Standard Webhooks messages a channel sends to klartext (outcome reports): `v1` HMAC-SHA256 with the
// channel's `whsec_` secret, any of several signatures in the header, a timestamp tolerance, constant-time comparison.
import { timingSafeEqual } from 'node:crypto';
import { signatureScheme, signPayload } from './signing.ts';

/** How far a message's `webhook-timestamp` may be from our clock, either way (the official libraries' 5 minutes). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Ids are visible ASCII without spaces (what `signPayload` accepts), and bounded so they fit the ledger. */
const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
const SECONDS = /^\d{1,12}$/;

/** The three headers as received; absent headers are undefined. */
export interface InboundHeaders {
  id?: string;
  timestamp?: string;
  signature?: string;
}

/** Why a message is refused: `malformed` (a header missing or unreadable), `stale` (outside the tolerance), `forged`. */
export type InboundVerdict =
  | { ok: true; msgId: string; timestamp: number }
  | { ok: false; reason: 'malformed' | 'stale' | 'forged'; message: string };

/**
 * Checks the `webhook-id` and `webhook-timestamp` headers: present, well-formed, and the timestamp within
 * {@link TIMESTAMP_TOLERANCE_SECONDS} of `nowSeconds` (a captured message cannot be replayed later under a fresh id
 * without the secret, and a stale one is refused before anything is looked up).
 */
export function checkInboundHeaders(headers: InboundHeaders, nowSeconds: number): InboundVerdict {
  const { id, timestamp } = headers;
  if (!id || !MESSAGE_ID.test(id)) {
    return {
      ok: false,
      reason: 'malformed',
      message: 'Header webhook-id is missing or not 1–256 visible ASCII characters; send a unique id per message.',
    };
  }
  if (!timestamp || !SECONDS.test(timestamp)) {
    return {
      ok: false,
      reason: 'malformed',
      message: 'Header webhook-timestamp is missing or not whole seconds since the epoch; send the signing time.',
    };
  }
  const seconds = Number(timestamp);
  const skew = seconds - nowSeconds;
  if (Math.abs(skew) > TIMESTAMP_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: 'stale',
      message:
        `webhook-timestamp is ${Math.abs(skew)} s ${skew < 0 ? 'in the past' : 'in the future'}; ` +
        `messages are taken within ${TIMESTAMP_TOLERANCE_SECONDS} s of the server's clock: sign with the current time ` +
        'and check your clock.',
    };
  }
  return { ok: true, msgId: id, timestamp: seconds };
}

/**
 * Verifies a message signed with a `whsec_` secret: true when any `v1,<base64>` entry of the space-separated
 * `webhook-signature` header is the HMAC of `<id>.<timestamp>.<body>`. Each entry is compared in constant time; other
 * versions (`v1a`) are skipped, as the spec asks, so a sender may send both during a key change.
 */
export function verifyInboundSignature(
  secret: string,
  input: { msgId: string; timestamp: number; body: Uint8Array; signatureHeader: string },
): boolean {
  if (signatureScheme(secret) !== 'v1') return false;
  const expected = Buffer.from(signPayload({ secret, ...input }).slice('v1,'.length), 'base64');
  let matched = false;
  for (const entry of input.signatureHeader.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    // No early exit: every entry costs the same whether an earlier one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
