// The Ed25519 key that signs provenance manifests: from configuration, or made once and kept in the data directory.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempPathFor } from '../render/files.ts';
import { ConfigError } from '../../shared/errors.ts';

/** File name of the embedded-mode signing key inside the data directory. */
export const SIGNING_KEY_FILE = 'signing-key.pem';

/** A public key as served in the well-known key set (RFC 8037 OKP JWK). */
export interface ProvenanceJwk {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** The signing key with the identifiers a verifier needs. */
export interface SigningKey {
  /** First 16 hex digits of the SHA-256 of the raw 32-byte public key. */
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  publicJwk: ProvenanceJwk;
}

/** The key id of an Ed25519 public key: first 16 hex digits of the SHA-256 of its raw bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** The JWK of an Ed25519 public key, with its key id as `kid`. */
export function publicJwkOf(publicKey: KeyObject): ProvenanceJwk {
  return { kid: keyIdOf(publicKey), kty: 'OKP', crv: 'Ed25519', x: publicKey.export({ format: 'jwk' }).x ?? '' };
}

function fromPrivatePem(pem: string, origin: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new ConfigError(`${origin} is not a PEM private key; expected a PKCS#8 Ed25519 key.`, { cause: err });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${origin} is a ${privateKey.asymmetricKeyType} key; provenance needs Ed25519.`);
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, publicKeyPem, publicJwk: publicJwkOf(publicKey) };
}

/**
 * The signing key: the configured PEM (`KLARTEXT_SIGNING_KEY`), else the configured file
 * (`KLARTEXT_SIGNING_KEY_FILE`), else `<dataDir>/signing-key.pem`, generated on first use (mode 0600).
 * @throws ConfigError when a configured key is unreadable or not Ed25519.
 */
export async function loadOrCreateSigningKey(opts: {
  privateKeyPem?: string;
  privateKeyFile?: string;
  dataDir: string;
}): Promise<SigningKey> {
  // Deployments often put a PEM into one environment line with its newlines written as \n.
  if (opts.privateKeyPem) return fromPrivatePem(opts.privateKeyPem.replaceAll('\\n', '\n'), 'KLARTEXT_SIGNING_KEY');
  if (opts.privateKeyFile) {
    const file = opts.privateKeyFile;
    const pem = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError(`Cannot read KLARTEXT_SIGNING_KEY_FILE ${file} (${err.code}); check the path.`, {
        cause: err,
      });
    });
    return fromPrivatePem(pem, `KLARTEXT_SIGNING_KEY_FILE ${file}`);
  }
  const path = join(opts.dataDir, SIGNING_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) return fromPrivatePem(existing, path);
  await mkdir(opts.dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const temp = tempPathFor(path);
  // Owner-only from the first byte; link() refuses to overwrite, so when the worker and the API start together
  // exactly one key wins and both processes sign and verify with it.
  await writeFile(temp, pem, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  return fromPrivatePem(await readFile(path, 'utf8'), path);
}
