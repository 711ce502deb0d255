// Encryption at rest for channel secrets: AES-256-GCM under a configured key ring, or a key made once in the data dir.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../shared/errors.ts';

/** File name of the embedded-mode secrets key inside the data directory. */
export const SECRETS_KEY_FILE = 'secrets-key';
const FORMAT = 'v1';

/**
 * Encrypts and decrypts secrets. The first key encrypts; every key decrypts, so rotating means putting the new key
 * first and keeping the old one listed until every secret was written again.
 */
export interface SecretBox {
  /** Id of the key that encrypts: first 16 hex digits of a SHA-256 over the key. */
  readonly keyId: string;
  /** `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts); `context` is bound as associated data. */
  encrypt(plaintext: string, context: string): string;
  /** @throws ConfigError when the key is not configured, or the ciphertext is damaged or bound to another context. */
  decrypt(ciphertext: string, context: string): string;
  /** A key for another purpose (e.g. signing asset links), derived from the current key: one secret to keep. */
  deriveKey(purpose: string): Buffer;
  /** {@link deriveKey} for every key in the ring, the current one first: to check what an older key derived. */
  deriveKeys(purpose: string): Buffer[];
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('klartext-secrets-key\n').update(key).digest('hex').slice(0, 16);
}

function parseKey(text: string, origin: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim())) {
    throw new ConfigError(
      `${origin} must be base64 of 32 random bytes (AES-256); make one with \`openssl rand -base64 32\`.`,
    );
  }
  return key;
}

/** A SecretBox over `keys` (the first encrypts). */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new ConfigError('A secrets key ring needs at least one key.');
  const ring = new Map(keys.map((k) => [keyIdOf(k), k] as const));
  const [current] = keys as [Buffer];
  const keyId = keyIdOf(current);
  return {
    keyId,
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [FORMAT, keyId, ...parts].join('.');
    },
    deriveKey(purpose) {
      return createHmac('sha256', current).update(`klartext derived key\n${purpose}`).digest();
    },
    deriveKeys(purpose) {
      return keys.map((k) => createHmac('sha256', k).update(`klartext derived key\n${purpose}`).digest());
    },
    decrypt(ciphertext, context) {
      const [format, id, iv, tag, body] = ciphertext.split('.');
      if (format !== FORMAT || !id || iv === undefined || tag === undefined || body === undefined) {
        throw new ConfigError(`The stored secret of ${context} is not in the ${FORMAT} format; set it again.`);
      }
      const key = ring.get(id);
      if (!key) {
        throw new ConfigError(
          `The stored secret of ${context} was encrypted with secrets key ${id}, but the configured key is ${keyId}: ` +
            'set KLARTEXT_SECRETS_KEY to the key used before (to rotate, list the new key first, then the old one).',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new ConfigError(
          `The stored secret of ${context} fails its integrity check (damaged, or copied from another record); set it again.`,
          { cause: err },
        );
      }
    },
  };
}

/**
 * The secrets key ring: `KLARTEXT_SECRETS_KEY` (base64 keys, comma-separated, first encrypts), else
 * `KLARTEXT_SECRETS_KEY_FILE` (one base64 key a line), else `<dataDir>/secrets-key`, generated on first use (0600).
 * @throws ConfigError when a configured key is unreadable or not 32 bytes.
 */
export async function loadOrCreateSecretBox(opts: {
  key?: string;
  keyFile?: string;
  dataDir: string;
}): Promise<SecretBox> {
  const parseList = (text: string, origin: string, sep: RegExp) =>
    createSecretBox(
      text
        .split(sep)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s, i) => parseKey(s, `${origin} (key ${i + 1})`)),
    );
  if (opts.key) return parseList(opts.key, 'KLARTEXT_SECRETS_KEY', /,/);
  if (opts.keyFile) {
    const file = opts.keyFile;
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError(`Cannot read KLARTEXT_SECRETS_KEY_FILE ${file} (${err.code}); check the path.`, {
        cause: err,
      });
    });
    return parseList(text, `KLARTEXT_SECRETS_KEY_FILE ${file}`, /\r?\n/);
  }
  const path = join(opts.dataDir, SECRETS_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) return createSecretBox([parseKey(existing, path)]);
  await mkdir(opts.dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // Owner-only from the first byte; link() never overwrites, so when the API and a worker start together exactly one
  // key wins and both use it.
  await writeFile(temp, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
  return createSecretBox([parseKey(await readFile(path, 'utf8'), path)]);
}
