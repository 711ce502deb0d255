// The signing key: generated once in embedded mode (owner-only), reused after, replaced by a configured key.
import { generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf, loadOrCreateSigningKey, SIGNING_KEY_FILE } from '../../../video/provenance/keys.ts';
import { ConfigError } from '../../../shared/errors.ts';
import { tempDir } from './fixture.ts';

const pkcs8 = (type: 'ed25519' | 'x25519') =>
  generateKeyPairSync(type as 'ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();

describe('loadOrCreateSigningKey', () => {
  it('generates the key once with mode 0600 and reuses it after', async () => {
    const dataDir = join(await tempDir('keys-'), 'nested', '.data');
    const first = await loadOrCreateSigningKey({ dataDir });
    const path = join(dataDir, SIGNING_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const pem = await readFile(path, 'utf8');
    const again = await loadOrCreateSigningKey({ dataDir });
    expect(again.keyId).toBe(first.keyId);
    expect(await readFile(path, 'utf8')).toBe(pem);
  });

  it('agrees on one key when two processes start at once', async () => {
    const dataDir = await tempDir('keys-');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSigningKey({ dataDir })));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
  });

  it('uses a configured PEM instead of generating one', async () => {
    const dataDir = await tempDir('keys-');
    const key = await loadOrCreateSigningKey({ privateKeyPem: pkcs8('ed25519'), dataDir });
    await expect(stat(join(dataDir, SIGNING_KEY_FILE))).rejects.toThrow();
    expect(key.keyId).toBe(keyIdOf(key.publicKey));
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.publicJwk).toEqual({ kid: key.keyId, kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('accepts a configured PEM written on one line with escaped newlines', async () => {
    const pem = pkcs8('ed25519');
    const dataDir = await tempDir('keys-');
    const oneLine = await loadOrCreateSigningKey({ privateKeyPem: pem.replaceAll('\n', '\\n'), dataDir });
    expect(oneLine.keyId).toBe((await loadOrCreateSigningKey({ privateKeyPem: pem, dataDir })).keyId);
  });

  it('reads a configured key file', async () => {
    const dir = await tempDir('keys-');
    const pem = pkcs8('ed25519');
    await writeFile(join(dir, 'agency.pem'), pem);
    const fromFile = await loadOrCreateSigningKey({ privateKeyFile: join(dir, 'agency.pem'), dataDir: dir });
    const fromPem = await loadOrCreateSigningKey({ privateKeyPem: pem, dataDir: dir });
    expect(fromFile.keyId).toBe(fromPem.keyId);
  });

  it('refuses a configured key that is not Ed25519', async () => {
    const dataDir = await tempDir('keys-');
    await expect(loadOrCreateSigningKey({ privateKeyPem: pkcs8('x25519'), dataDir })).rejects.toThrow(ConfigError);
    await expect(loadOrCreateSigningKey({ privateKeyPem: 'not a key', dataDir })).rejects.toThrow(/PEM private key/);
  });
});
