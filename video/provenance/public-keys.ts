// Trusted provenance keys as verifiers get them: a PEM file, the well-known key set (JWKS), or a private key.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { KlartextError } from '../../shared/errors.ts';
import { publicJwkOf, type ProvenanceJwk } from './keys.ts';

/** The well-known path where a klartext server publishes its provenance keys. */
export const PROVENANCE_KEYS_PATH = '/.well-known/klartext-provenance-keys.json';

/** The well-known key set document for the given public keys. */
export function keySetOf(publicKeys: readonly KeyObject[]): { keys: ProvenanceJwk[] } {
  return { keys: publicKeys.map(publicJwkOf) };
}

function fromJwk(jwk: Partial<ProvenanceJwk>, origin: string): KeyObject {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new KlartextError(`${origin} holds a key that is not an Ed25519 JWK (kty OKP, crv Ed25519, x).`);
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
}

/**
 * Parses trusted public keys from text: a JWKS (`{ keys: [...] }`), a single JWK, or PEM (a public key, or a
 * private key whose public half is taken).
 * @throws KlartextError naming `origin` when the text holds no Ed25519 key.
 */
export function parsePublicKeys(text: string, origin: string): KeyObject[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let doc: { keys?: unknown } & Partial<ProvenanceJwk>;
    try {
      doc = JSON.parse(trimmed) as typeof doc;
    } catch (err) {
      throw new KlartextError(`${origin} is neither PEM nor valid JSON.`, { cause: err });
    }
    const jwks = Array.isArray(doc.keys) ? (doc.keys as Partial<ProvenanceJwk>[]) : [doc];
    if (jwks.length === 0) throw new KlartextError(`${origin} lists no keys.`);
    return jwks.map((k) => fromJwk(k, origin));
  }
  try {
    const key = trimmed.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(trimmed)) : createPublicKey(trimmed);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return [key];
  } catch (err) {
    throw new KlartextError(`${origin} holds no Ed25519 key in PEM (${(err as Error).message}).`, { cause: err });
  }
}
