// Tests for Standard Webhooks signing against the official test vector and the official library.
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  checkSigningSecret,
  decodeSecret,
  generateWebhookKeyPair,
  generateWebhookSecret,
  publicKeyOf,
  signPayload,
  signatureScheme,
  verifyAsymmetricSignature,
} from '../../channels/signing.ts';
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

interface AsymmetricVector {
  id: string;
  private_key: string;
  public_key: string;
  webhook_id: string;
  webhook_timestamp: number;
  payload: string;
  expected_signature: string;
}

const asymmetric = (
  JSON.parse(readFileSync(new URL('../fixtures/standard-webhooks/v1a-vectors.json', import.meta.url), 'utf8')) as {
    items: AsymmetricVector[];
  }
).items[0]!;

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

describe('signPayload with an ed25519 key', () => {
  const input = {
    secret: asymmetric.private_key,
    msgId: asymmetric.webhook_id,
    timestamp: asymmetric.webhook_timestamp,
    body: asymmetric.payload,
  };

  it('reproduces the derived v1a vector byte for byte', () => {
    expect(signatureScheme(asymmetric.private_key)).toBe('v1a');
    expect(signPayload(input)).toBe(asymmetric.expected_signature);
  });

  it('gives the same signature for the 32-byte seed form of the key', () => {
    const seed = Buffer.from(asymmetric.private_key.slice(5), 'base64').subarray(0, 32).toString('base64');
    expect(signPayload({ ...input, secret: `whsk_${seed}` })).toBe(asymmetric.expected_signature);
  });

  it('produces a signature that node:crypto verifies with the whpk_ key and rejects for another body', () => {
    const signatureHeader = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${signPayload(input)}`;
    const check = { msgId: input.msgId, timestamp: input.timestamp, signatureHeader };
    expect(verifyAsymmetricSignature(asymmetric.public_key, { ...check, body: input.body })).toBe(true);
    expect(verifyAsymmetricSignature(asymmetric.public_key, { ...check, body: '{"test":2432232314}' })).toBe(false);
    expect(
      verifyAsymmetricSignature(asymmetric.public_key, { ...check, timestamp: input.timestamp + 1, body: input.body }),
    ).toBe(false);
  });

  it('is not accepted by a v1-only verifier', () => {
    const signatureHeader = signPayload(input);
    expect(signatureHeader.startsWith('v1a,')).toBe(true);
    expect(
      verifyAsymmetricSignature(asymmetric.public_key, {
        ...input,
        signatureHeader: signatureHeader.replace('v1a,', 'v1,'),
      }),
    ).toBe(false);
  });
});

describe('generateWebhookKeyPair', () => {
  it('creates a whsk_/whpk_ pair whose signatures verify', () => {
    const pair = generateWebhookKeyPair();
    expect(pair.privateKey).toMatch(/^whsk_[A-Za-z0-9+/]{86}==$/);
    expect(pair.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const signatureHeader = signPayload({ secret: pair.privateKey, msgId: 'dlv_1', timestamp: 1, body: '{}' });
    expect(
      verifyAsymmetricSignature(pair.publicKey, { msgId: 'dlv_1', timestamp: 1, body: '{}', signatureHeader }),
    ).toBe(true);
  });

  it('derives the RFC 8032 public key from the vector key', () => {
    expect(publicKeyOf(asymmetric.private_key)).toBe(asymmetric.public_key);
  });
});

describe('checkSigningSecret', () => {
  it('accepts whsec_ secrets and whsk_ keys', () => {
    expect(() => checkSigningSecret(generateWebhookSecret())).not.toThrow();
    expect(() => checkSigningSecret(generateWebhookKeyPair().privateKey)).not.toThrow();
  });

  it.each([
    ['a public key', asymmetric.public_key, /public key/],
    ['a key of the wrong length', `whsk_${Buffer.alloc(40).toString('base64')}`, /40 bytes/],
    [
      'a key whose halves do not match',
      `whsk_${Buffer.concat([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]).toString('base64')}`,
      /damaged/,
    ],
    ['a bare whsk_ prefix', 'whsk_', /empty/],
  ])('refuses %s with a ConfigError', (_what, secret, message) => {
    expect(() => checkSigningSecret(secret)).toThrow(ConfigError);
    expect(() => checkSigningSecret(secret)).toThrow(message);
  });
});

describe('the official standardwebhooks library', () => {
  it('verifies a v1 signature made by signPayload', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      type: 'video.approved',
      timestamp: '2026-10-01T08:00:00.000Z',
      data: { id: 'vid_1' },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'dlv_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload({ secret, msgId: 'dlv_1', timestamp, body }),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('ignores v1a entries (version 1.1.1 verifies only v1), so v1a receivers need an ed25519 verifier', () => {
    const pair = generateWebhookKeyPair();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'dlv_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload({ secret: pair.privateKey, msgId: 'dlv_1', timestamp, body: '{}' }),
    };
    expect(() => new Webhook(generateWebhookSecret()).verify('{}', headers)).toThrow(/No matching signature/);
  });
});
