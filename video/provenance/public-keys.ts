// Trusted provenance keys as verifiers get them: a PEM file, the well-known key set (JWKS), or a private key.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError, KlartextError } from '../../shared/errors.ts';
import { keyIdOf, publicJwkOf, type ProvenanceJwk } from './keys.ts';

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
 * Public keys from a file of one or more PEM blocks (public keys, or private keys whose public half is taken) or a
 * JWKS: the retired signing keys (KLARTEXT_SIGNING_RETIRED_KEYS_FILE) whose manifests stay trusted.
 * @throws KlartextError naming `origin` when a block or the file holds no Ed25519 key.
 */
export function parsePublicKeyList(text: string, origin: string): KeyObject[] {
  if (text.trim().startsWith('{')) return parsePublicKeys(text, origin);
  const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  if (blocks.length === 0) throw new KlartextError(`${origin} holds no PEM block and no JWKS.`);
  return blocks.flatMap((block, i) => parsePublicKeys(block, `${origin} (key ${i + 1})`));
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

/**
 * The retired signing keys' public halves from KLARTEXT_SIGNING_RETIRED_KEYS_FILE (none without it), leaving out the
 * current key (`currentKeyId`) should the file list it too.
 * @throws ConfigError when the file cannot be read or holds anything but Ed25519 keys.
 */
export async function loadRetiredPublicKeys(file: string | undefined, currentKeyId: string): Promise<KeyObject[]> {
  if (!file) return [];
  const origin = `KLARTEXT_SIGNING_RETIRED_KEYS_FILE ${file}`;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`Cannot read ${origin} (${err.code}); check the path.`, { cause: err });
  });
  let keys: KeyObject[];
  try {
    keys = parsePublicKeyList(text, origin);
  } catch (err) {
    throw new ConfigError(`${(err as Error).message} Put the retired keys' public PEM blocks (or a JWKS) there.`, {
      cause: err,
    });
  }
  const byId = new Map(keys.map((k) => [keyIdOf(k), k] as const));
  byId.delete(currentKeyId);
  return [...byId.values()];
}
