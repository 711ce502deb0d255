// Encrypts every Temporal payload (AES-256-GCM) so workflow histories hold no reviewer names, comments or scripts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// A CommonJS module whose named exports Node cannot detect: its default export is the whole namespace.
import proto from '@temporalio/proto';
import { ConfigError, KlartextError } from '../shared/errors.ts';

/** File name of the embedded-mode payload key inside the data directory (`<id>:<base64 key>`). */
export const PAYLOAD_KEY_FILE = 'payload-key';
/** `metadata.encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata field naming the key a payload was encrypted with. */
export const KEY_ID_FIELD = 'encryption-key-id';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One key of the ring: its id (stored in each payload's metadata) and its 32 bytes. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Thrown when a payload cannot be decrypted: unknown key id, damaged ciphertext or malformed metadata. */
export class PayloadDecryptionError extends KlartextError {}

/**
 * Parses `id1:base64key,id2:base64key` (KLARTEXT_PAYLOAD_KEYS); the first key encrypts. Messages name the key's id
 * or position, never the key.
 * @throws ConfigError when an entry is malformed, a key is not 32 bytes, or an id repeats.
 */
export function parsePayloadKeys(text: string, origin = 'KLARTEXT_PAYLOAD_KEYS'): PayloadKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError(`${origin} lists no key; expected id:base64key[,id:base64key…].`);
  const keys = entries.map((entry, i) => {
    const at = entry.indexOf(':');
    const id = entry.slice(0, Math.max(at, 0));
    const b64 = entry.slice(at + 1);
    if (at < 1 || !KEY_ID.test(id)) {
      throw new ConfigError(
        `${origin} entry ${i + 1} must be id:base64key, the id made of letters, digits, '.', '_' or '-' (at most 64).`,
      );
    }
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
      throw new ConfigError(
        `${origin} key ${id} must be base64 of 32 random bytes (AES-256); make one with \`openssl rand -base64 32\`.`,
      );
    }
    return { id, key };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new ConfigError(`${origin} lists key id ${repeated} twice; give every key its own id.`);
  return keys;
}

const aad = (keyId: string) => Buffer.from(`klartext payload v1\n${keyId}`, 'utf8');

/**
 * A PayloadCodec over `keys`: the first encrypts, every one decrypts. Each payload is serialised whole (metadata and
 * data), sealed with a fresh 96-bit nonce, and stored as `nonce ‖ ciphertext ‖ tag` with its key id in the metadata
 * (bound as associated data, so a relabelled payload fails too). Payloads not encrypted pass through decode unchanged.
 */
export function createPayloadCodec(keys: readonly PayloadKey[]): PayloadCodec & { readonly keyId: string } {
  const [current] = keys;
  if (!current) throw new ConfigError('A payload key ring needs at least one key.');
  const ring = new Map(keys.map((k) => [k.id, k.key] as const));
  const known = keys.map((k) => k.id).join(', ');
  const encrypt = (payload: Payload): Payload => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
    cipher.setAAD(aad(current.id));
    const plain = proto.temporal.api.common.v1.Payload.encode(payload).finish();
    const body = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_FIELD]: Buffer.from(current.id) },
      data: new Uint8Array(body),
    };
  };
  const decrypt = (payload: Payload): Payload => {
    if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCRYPTED_ENCODING) return payload;
    const rawId = payload.metadata?.[KEY_ID_FIELD];
    if (!rawId) throw new PayloadDecryptionError(`An encrypted payload carries no ${KEY_ID_FIELD} in its metadata.`);
    const id = Buffer.from(rawId).toString();
    const key = ring.get(id);
    if (!key) {
      throw new PayloadDecryptionError(
        `A payload was encrypted with key id ${JSON.stringify(id)}, which is not configured (known: ${known}): ` +
          `add ${id}:<its base64 key> to KLARTEXT_PAYLOAD_KEYS after the current key, and keep old keys listed ` +
          'while any open workflow history still holds payloads encrypted with them.',
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < NONCE_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`An encrypted payload (key id ${id}) is too short to be one; it is damaged.`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
      decipher.setAAD(aad(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return proto.temporal.api.common.v1.Payload.decode(plain);
    } catch (err) {
      throw new PayloadDecryptionError(
        `An encrypted payload (key id ${id}) fails its integrity check: it was damaged or altered.`,
        { cause: err },
      );
    }
  };
  return {
    keyId: current.id,
    encode: async (payloads) => payloads.map(encrypt),
    decode: async (payloads) => payloads.map(decrypt),
  };
}

/** The module whose `failureConverter` encodes failure messages and stack traces; bundled into the workflows too. */
export const FAILURE_CONVERTER_PATH = createRequire(import.meta.url).resolve('../shared/failure-converter.ts');

/** What every klartext Client and Worker is given: the one place the data converter is built. */
export function encryptedDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/**
 * The payload keys: `keys` (KLARTEXT_PAYLOAD_KEYS, already parsed), else `keysFile` (KLARTEXT_PAYLOAD_KEYS_FILE, the
 * same list, one `id:base64key` a line), else `<dataDir>/payload-key`, generated once (mode 0600) so an embedded
 * stack, the demo and the tests encrypt too.
 * @throws ConfigError when the file is unreadable or a key in it malformed.
 */
export async function loadOrCreatePayloadKeys(opts: {
  keys?: PayloadKey[];
  keysFile?: string;
  dataDir: string;
}): Promise<PayloadKey[]> {
  if (opts.keys && opts.keys.length > 0) return opts.keys;
  if (opts.keysFile) {
    const file = opts.keysFile;
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError(`Cannot read KLARTEXT_PAYLOAD_KEYS_FILE ${file} (${err.code}); check the path.`, {
        cause: err,
      });
    });
    return parsePayloadKeys(text, `KLARTEXT_PAYLOAD_KEYS_FILE ${file}`);
  }
  const path = join(opts.dataDir, PAYLOAD_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) return parsePayloadKeys(existing, path);
  await mkdir(opts.dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const line = `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}\n`;
  // As with the secrets key: owner-only from the first byte, and link() lets exactly one of two racing starts win.
  await writeFile(temp, line, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  return parsePayloadKeys(await readFile(path, 'utf8'), path);
}
