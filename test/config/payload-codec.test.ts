// Tests for the payload codec: AES-256-GCM round trips, tamper and unknown-key failures, rotation, key loading.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import {
  createPayloadCodec,
  encryptedDataConverter,
  ENCRYPTED_ENCODING,
  KEY_ID_FIELD,
  loadOrCreatePayloadKeys,
  PAYLOAD_KEY_FILE,
  parsePayloadKeys,
  PayloadDecryptionError,
} from '../../config/payload-codec.ts';
import { ConfigError } from '../../shared/errors.ts';

const key = (id: string) => ({ id, key: randomBytes(32) });
const SECRET = 'Dr. Erika Mustermann: the second paragraph overstates the protection of the booster.';
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('latin1');

describe('createPayloadCodec', () => {
  it('round-trips payloads and hides their content and metadata', async () => {
    const codec = createPayloadCodec([key('k1')]);
    const original = [plain({ comment: SECRET }), plain(undefined), plain('x')];
    const encoded = await codec.encode(original);
    for (const p of encoded) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(p.metadata![KEY_ID_FIELD]!).toString()).toBe('k1');
      expect(text(p)).not.toContain('Mustermann');
      expect(text(p)).not.toContain('json/plain');
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ comment: SECRET }, undefined, 'x']);
  });

  it('uses a fresh nonce for every payload', async () => {
    const codec = createPayloadCodec([key('k1')]);
    const [a, b] = await codec.encode([plain(SECRET), plain(SECRET)]);
    expect(Buffer.from(a!.data!).subarray(0, 12)).not.toEqual(Buffer.from(b!.data!).subarray(0, 12));
    expect(Buffer.from(a!.data!)).not.toEqual(Buffer.from(b!.data!));
  });

  it('refuses a payload whose ciphertext was altered', async () => {
    const codec = createPayloadCodec([key('k1')]);
    const [p] = await codec.encode([plain(SECRET)]);
    const data = Buffer.from(p!.data!);
    data[20] = data[20]! ^ 0x01;
    await expect(codec.decode([{ ...p!, data }])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([{ ...p!, data }])).rejects.toThrow(/integrity check/);
  });

  it('refuses a payload relabelled with another configured key id', async () => {
    const k1 = key('k1');
    const codec = createPayloadCodec([k1, { id: 'k2', key: k1.key }]);
    const [p] = await codec.encode([plain(SECRET)]);
    const relabelled = { ...p!, metadata: { ...p!.metadata, [KEY_ID_FIELD]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/integrity check/);
  });

  it('names an unknown key id and what to configure, never a key', async () => {
    const old = key('2025-autumn');
    const [p] = await createPayloadCodec([old]).encode([plain(SECRET)]);
    const current = key('2026-spring');
    const error = await createPayloadCodec([current])
      .decode([p!])
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect((error as Error).message).toMatch(/key id "2025-autumn".*not configured.*KLARTEXT_PAYLOAD_KEYS/);
    expect((error as Error).message).toContain('2026-spring');
    for (const k of [old, current]) expect((error as Error).message).not.toContain(k.key.toString('base64'));
  });

  it('rotates: the first key encrypts, an older listed key still decrypts', async () => {
    const old = key('old');
    const fresh = key('new');
    const [before] = await createPayloadCodec([old]).encode([plain('written before rotation')]);
    const rotated = createPayloadCodec([fresh, old]);
    const [after] = await rotated.encode([plain('written after rotation')]);
    expect(Buffer.from(after!.metadata![KEY_ID_FIELD]!).toString()).toBe('new');
    const decoded = await rotated.decode([before!, after!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      'written before rotation',
      'written after rotation',
    ]);
    await expect(createPayloadCodec([old]).decode([after!])).rejects.toThrow(/key id "new"/);
  });

  it('passes payloads that were never encrypted through decode unchanged', async () => {
    const p = plain({ legacy: true });
    expect(await createPayloadCodec([key('k1')]).decode([p])).toEqual([p]);
  });
});

describe('encryptedDataConverter', () => {
  it('moves failure messages and stack traces into a payload, which the codec then encrypts', () => {
    const { failureConverter, payloadConverter, payloadCodecs } = loadDataConverter(
      encryptedDataConverter(createPayloadCodec([key('k1')])),
    );
    const failure = failureConverter.errorToFailure(new Error(SECRET), payloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(payloadConverter.fromPayload(failure.encodedAttributes!)).toMatchObject({ message: SECRET });
    expect(payloadCodecs).toHaveLength(1);
  });
});

describe('payload keys from configuration', () => {
  const b64 = () => randomBytes(32).toString('base64');

  it('parses id:base64key lists in order', () => {
    const keys = parsePayloadKeys(`new:${b64()}, old:${b64()}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it('refuses malformed lists in the config schema without echoing the key', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => loadConfig({ KLARTEXT_PAYLOAD_KEYS: `k1:${short}` })).toThrow(/KLARTEXT_PAYLOAD_KEYS.*key k1.*32/);
    expect(() => loadConfig({ KLARTEXT_PAYLOAD_KEYS: `k1:${short}` })).not.toThrow(new RegExp(short.slice(0, 10)));
    expect(() => loadConfig({ KLARTEXT_PAYLOAD_KEYS: b64() })).toThrow(ConfigError);
    const k = b64();
    expect(() => loadConfig({ KLARTEXT_PAYLOAD_KEYS: `a:${k},a:${b64()}` })).toThrow(/key id a twice/);
    expect(loadConfig({ KLARTEXT_PAYLOAD_KEYS: `a:${k}` }).payloads.keys).toEqual([
      { id: 'a', key: Buffer.from(k, 'base64') },
    ]);
  });

  it('makes one key in the data directory and keeps it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klartext-payload-keys-'));
    const first = await loadOrCreatePayloadKeys({ dataDir });
    const second = await loadOrCreatePayloadKeys({ dataDir });
    expect(second).toEqual(first);
    expect(first).toHaveLength(1);
    expect((await stat(join(dataDir, PAYLOAD_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, PAYLOAD_KEY_FILE), 'utf8')).toMatch(/^local-[0-9a-f]{8}:/);
  });

  it('prefers configured keys over the data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klartext-payload-keys-'));
    const configured = parsePayloadKeys(`prod:${b64()}`);
    expect(await loadOrCreatePayloadKeys({ keys: configured, dataDir })).toBe(configured);
    await expect(stat(join(dataDir, PAYLOAD_KEY_FILE))).rejects.toThrow();
  });
});
