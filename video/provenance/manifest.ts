// The signed provenance manifest (`klartext.provenance/v2`): Ed25519 over the canonical JSON of what a video is.
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from '../../shared/hash.ts';
import { SIGNED_MANIFEST_SCHEMA, type ProvenanceContent, type SignedManifest } from '../../shared/manifest.ts';
import { keyIdOf, type SigningKey } from './keys.ts';

export {
  SIGNED_MANIFEST_SCHEMA,
  type ManifestClaim,
  type ManifestSignature,
  type ProvenanceContent,
  type SignedManifest,
} from '../../shared/manifest.ts';

const ED25519_SIGNATURE_BYTES = 64;

const signedBytes = (content: unknown) => Buffer.from(canonicalJson(content), 'utf8');

/** Signs `content` with `key`; the signature covers every field but `signature` itself. */
export function signManifest(
  content: ProvenanceContent,
  key: Pick<SigningKey, 'keyId' | 'privateKey'>,
): SignedManifest {
  const value = sign(null, signedBytes(content), key.privateKey).toString('base64url');
  return { ...content, signature: { alg: 'Ed25519', keyId: key.keyId, value } };
}

/**
 * Checks a manifest's signature against one trusted key or a key set (matched by key id). `manifest` may be
 * anything parsed from a file; the reason says what is wrong: unknown key, bad signature, malformed manifest.
 */
export function verifyManifest(
  manifest: unknown,
  publicKey: KeyObject | readonly KeyObject[],
): { ok: boolean; reason?: string } {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return { ok: false, reason: 'malformed manifest: not a JSON object' };
  }
  const { signature, ...content } = manifest as Record<string, unknown>;
  const sig = signature as Partial<SignedManifest['signature']> | undefined;
  if (typeof sig?.value !== 'string' || typeof sig.keyId !== 'string') {
    return { ok: false, reason: 'malformed manifest: no signature' };
  }
  if (content.schema !== SIGNED_MANIFEST_SCHEMA) {
    return { ok: false, reason: `unsupported schema ${JSON.stringify(content.schema)}` };
  }
  if (sig.alg !== 'Ed25519') return { ok: false, reason: `unsupported signature algorithm ${JSON.stringify(sig.alg)}` };
  const keys = Array.isArray(publicKey) ? publicKey : [publicKey as KeyObject];
  const key = keys.find((k) => keyIdOf(k) === sig.keyId);
  if (!key) {
    const known = keys.map(keyIdOf).join(', ') || 'none';
    return { ok: false, reason: `unknown key: signed by ${sig.keyId}, trusted keys: ${known}` };
  }
  const bytes = Buffer.from(sig.value, 'base64url');
  // Only the canonical encoding counts: base64 decoders ignore stray characters and trailing bits, which would let
  // a changed signature byte still verify.
  if (bytes.length !== ED25519_SIGNATURE_BYTES || bytes.toString('base64url') !== sig.value) {
    return { ok: false, reason: 'bad signature: not a base64url Ed25519 signature' };
  }
  if (!verify(null, signedBytes(content), key, bytes)) {
    return { ok: false, reason: 'bad signature: the manifest was changed after signing or signed by another key' };
  }
  return { ok: true };
}

/** SHA-256 and size of a video, streamed from disk for a path so large files are never held in memory. */
export async function hashVideo(videoBytesOrPath: Uint8Array | string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const chunks = typeof videoBytesOrPath === 'string' ? createReadStream(videoBytesOrPath) : [videoBytesOrPath];
  for await (const chunk of chunks) {
    hash.update(chunk as Uint8Array);
    sizeBytes += (chunk as Uint8Array).byteLength;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/**
 * Checks that a video is the one a manifest describes and that the manifest is signed by a trusted key. Returns
 * every failed check's reason (hash mismatch, bad signature, unknown key), and the video's SHA-256.
 */
export async function verifyVideo(input: {
  videoBytesOrPath: Uint8Array | string;
  manifest: unknown;
  publicKey: KeyObject | readonly KeyObject[];
}): Promise<{ ok: boolean; reasons: string[]; videoSha256: string }> {
  const actual = await hashVideo(input.videoBytesOrPath);
  const reasons: string[] = [];
  const claimed = (input.manifest as Partial<SignedManifest> | null)?.video;
  if (claimed?.sha256 !== actual.sha256) {
    reasons.push(
      `video hash mismatch: the manifest names ${String(claimed?.sha256)}, the file is ${actual.sha256} ` +
        `(${actual.sizeBytes} bytes)`,
    );
  }
  const signature = verifyManifest(input.manifest, input.publicKey);
  if (!signature.ok && signature.reason) reasons.push(signature.reason);
  return { ok: reasons.length === 0, reasons, videoSha256: actual.sha256 };
}
