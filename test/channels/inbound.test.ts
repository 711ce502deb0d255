// Verifying inbound Standard Webhooks messages: the official test vector, several signatures, tolerance, headers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInboundHeaders, TIMESTAMP_TOLERANCE_SECONDS, verifyInboundSignature } from '../../channels/inbound.ts';
import { generateWebhookKeyPair, generateWebhookSecret } from '../../channels/signing.ts';

const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/standard-webhooks/test-vectors.json'), 'utf8'),
) as {
  official_vectors: {
    secret: string;
    webhook_id: string;
    webhook_timestamp: number;
    payload: string;
    expected_signature: string;
  }[];
};
const official = vectors.official_vectors[0]!;
const input = (signatureHeader: string, body = official.payload) => ({
  msgId: official.webhook_id,
  timestamp: official.webhook_timestamp,
  body: Buffer.from(body),
  signatureHeader,
});

describe('verifyInboundSignature', () => {
  it('accepts the official test vector, with and without the whsec_ prefix', () => {
    expect(verifyInboundSignature(official.secret, input(official.expected_signature))).toBe(true);
    expect(verifyInboundSignature(official.secret.slice('whsec_'.length), input(official.expected_signature))).toBe(
      true,
    );
  });

  it('accepts a header listing several signatures when one is right, skipping other versions', () => {
    const header = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,${'A'.repeat(86)}== ${official.expected_signature}`;
    expect(verifyInboundSignature(official.secret, input(header))).toBe(true);
  });

  it('refuses a changed body, another secret, a truncated signature, an empty header and a v1a-only header', () => {
    expect(verifyInboundSignature(official.secret, input(official.expected_signature, '{"test": 2432232315}'))).toBe(
      false,
    );
    expect(verifyInboundSignature(generateWebhookSecret(), input(official.expected_signature))).toBe(false);
    expect(verifyInboundSignature(official.secret, input(official.expected_signature.slice(0, -4)))).toBe(false);
    expect(verifyInboundSignature(official.secret, input(''))).toBe(false);
    expect(verifyInboundSignature(official.secret, input(official.expected_signature.replace('v1,', 'v1a,')))).toBe(
      false,
    );
  });

  it('never verifies with an Ed25519 channel key: inbound messages need a whsec_ secret', () => {
    expect(verifyInboundSignature(generateWebhookKeyPair().privateKey, input(official.expected_signature))).toBe(false);
  });
});

describe('checkInboundHeaders', () => {
  const now = 1_800_000_000;
  it('takes a timestamp within the tolerance either way', () => {
    for (const skew of [-TIMESTAMP_TOLERANCE_SECONDS, 0, TIMESTAMP_TOLERANCE_SECONDS]) {
      expect(checkInboundHeaders({ id: 'msg_1', timestamp: String(now + skew) }, now)).toEqual({
        ok: true,
        msgId: 'msg_1',
        timestamp: now + skew,
      });
    }
  });

  it('calls a timestamp outside the tolerance stale, saying which way and by how much', () => {
    expect(checkInboundHeaders({ id: 'msg_1', timestamp: String(now - 301) }, now)).toMatchObject({
      ok: false,
      reason: 'stale',
      message: expect.stringMatching(/^webhook-timestamp is 301 s in the past/),
    });
    expect(checkInboundHeaders({ id: 'msg_1', timestamp: String(now + 3600) }, now)).toMatchObject({
      reason: 'stale',
      message: expect.stringMatching(/3600 s in the future/),
    });
  });

  it.each([
    [{ timestamp: '1' }, /webhook-id is missing/],
    [{ id: 'has space', timestamp: '1' }, /webhook-id/],
    [{ id: 'x'.repeat(257), timestamp: '1' }, /webhook-id/],
    [{ id: 'msg_1' }, /webhook-timestamp is missing/],
    [{ id: 'msg_1', timestamp: '1e9' }, /whole seconds/],
    [{ id: 'msg_1', timestamp: '-5' }, /whole seconds/],
  ])('calls %j malformed', (headers, why) => {
    expect(checkInboundHeaders(headers, now)).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: expect.stringMatching(why),
    });
  });
});
