// Tests for Standard Webhooks signing against the official test vector and the official library.
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { decodeSecret, generateWebhookSecret, signPayload } from '../../channels/signing.ts';
import { ConfigError, InputError } from '../../shared/errors.ts';

interface Vector {
  id: string;
  secret: string;
  webhook_id: string;
  webhook_timestamp: number;
  payload: string;
  expected_signature: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/standard-webhooks/test-vectors.json', import.meta.url), 'utf8'),
) as { official_vectors: Vector[]; derived_vectors: { items: Vector[] } };

const official = vectors.official_vectors[0]!;

function sign(vector: Vector): string {
  return signPayload({
    secret: vector.secret,
    msgId: vector.webhook_id,
    timestamp: vector.webhook_timestamp,
    body: vector.payload,
  });
}

describe('signPayload', () => {
  it('matches the official Standard Webhooks test vector', () => {
    expect(official.id).toBe('upstream-sign-1');
    expect(sign(official)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(sign(official)).toBe(official.expected_signature);
  });

  it('gives the same signature when the secret has no whsec_ prefix', () => {
    expect(sign({ ...official, secret: official.secret.replace(/^whsec_/, '') })).toBe(official.expected_signature);
  });

  it('signs a Uint8Array body like the same UTF-8 string', () => {
    const body = new TextEncoder().encode(official.payload);
    const signature = signPayload({
      ...official,
      msgId: official.webhook_id,
      timestamp: official.webhook_timestamp,
      body,
    });
    expect(signature).toBe(official.expected_signature);
  });

  it.each(
    vectors.derived_vectors.items
      .filter((vector) => Buffer.from(vector.secret.replace(/^whsec_/, ''), 'base64').length >= 24)
      .map((vector) => [vector.id, vector] as const),
  )('matches the derived vector %s', (_id, vector) => {
    expect(sign(vector)).toBe(vector.expected_signature);
  });

  it('agrees with the official library for a generated secret', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'ping', text: 'Grippeimpfung für Ältere' });
    const timestamp = 1_700_000_000;
    expect(signPayload({ secret, msgId: 'dlv_1', timestamp, body })).toBe(
      new Webhook(secret).sign('dlv_1', new Date(timestamp * 1000), body),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses the timestamp %s', (timestamp) => {
    expect(() => signPayload({ secret: official.secret, msgId: 'dlv_1', timestamp, body: '{}' })).toThrow(InputError);
  });

  it.each(['', 'has space', 'zeilen\numbruch', 'ümlaut'])('refuses the message id %j', (msgId) => {
    expect(() => signPayload({ secret: official.secret, msgId, timestamp: 1, body: '{}' })).toThrow(InputError);
  });
});

describe('decodeSecret', () => {
  it('decodes the base64 after the whsec_ prefix', () => {
    expect(decodeSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length).toBe(24);
  });

  it('accepts a secret without its base64 padding', () => {
    expect(decodeSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr').toString('hex')).toBe(
      '31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b006',
    );
  });

  it.each([
    ['an empty secret', '', /empty/],
    ['a bare prefix', 'whsec_', /empty/],
    ['characters outside base64', 'whsec_MfKQ9r8GKYqrTwjUPD8I!PZIo2LaLaSw', /not valid base64/],
    ['a misplaced padding', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2L=LaSw', /not valid base64/],
    ['an ed25519 key', 'whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /ed25519/],
    ['a key under 24 bytes', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS', /23 bytes/],
  ])('refuses %s with a ConfigError that does not repeat it', (_what, secret, message) => {
    let thrown: unknown;
    try {
      decodeSecret(secret);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    if (secret.length > 6) expect((thrown as Error).message).not.toContain(secret.slice(6));
  });
});

describe('generateWebhookSecret', () => {
  it('creates a 32-byte whsec_ secret the official library accepts', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeSecret(secret).length).toBe(32);
    expect(() => new Webhook(secret)).not.toThrow();
  });
});
