// Content Credentials: embedded with the WebAssembly build, read back by klartext and by c2pa-python.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWithC2paPython, resolveC2paReader } from '../../../dev/c2pa-reader.ts';
import { resolveFfmpeg } from '../../../video/render/ffmpeg.ts';
import {
  C2PA_DEV_FILE,
  credentialsFromPem,
  DEV_CERT_NAME,
  loadOrCreateC2paCredentials,
  type C2paCredentials,
} from '../../../video/provenance/c2pa-cert.ts';
import {
  embedContentCredentials,
  KLARTEXT_ASSERTION,
  readContentCredentials,
  summariseManifestStore,
} from '../../../video/provenance/c2pa.ts';
import { ConfigError } from '../../../shared/errors.ts';
import { loadConfig } from '../../../config/config.ts';
import { tempDir } from './fixture.ts';

const AI = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

async function plainMp4(dir: string): Promise<string> {
  const path = join(dir, 'video.mp4');
  execFileSync(resolveFfmpeg().ffmpeg, [
    ...['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=navy:s=160x90:d=1'],
    ...['-f', 'lavfi', '-i', 'sine=d=1', '-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
  return path;
}

async function credentialedMp4(credentials: C2paCredentials): Promise<{ path: string; sha256: string }> {
  const path = await plainMp4(await tempDir('c2pa-'));
  const sha256 = await embedContentCredentials({
    videoPath: path,
    credentials,
    digitalSourceType: AI,
    title: 'Segment video',
    campaignId: 'camp-1',
    segmentId: 'seg-a',
    agency: 'Example Agency',
    scriptSha256: 'b'.repeat(64),
    manifestUrl: 'http://localhost:3000/api/provenance/{sha256}',
    generator: { name: 'klartext', version: '0.1.0' },
  });
  return { path, sha256 };
}

describe('embedContentCredentials', () => {
  let dev: C2paCredentials;
  let python: string | undefined;
  beforeAll(async () => {
    dev = await loadOrCreateC2paCredentials({ dataDir: await tempDir('c2pa-data-') });
    python = resolveC2paReader({ cacheDir: resolve('.cache'), install: true, log: () => {} });
  }, 300_000);

  it('returns the SHA-256 of the file as it is after embedding', async () => {
    const { path, sha256 } = await credentialedMp4(dev);
    expect(
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    ).toBe(sha256);
  });

  it('embeds a manifest c2pa-python reads as valid, with the AI source type and the campaign', async () => {
    expect(python, 'c2pa-python in .cache/temporal-venv (see dev/c2pa-reader.ts)').toBeDefined();
    const { path } = await credentialedMp4(dev);
    const read = readWithC2paPython(python as string, path);
    if ('error' in read) throw new Error(read.error);
    const store = JSON.parse(read.json) as { validation_state: string };
    expect(store.validation_state).toBe('Valid');
    const report = summariseManifestStore(read.json);
    expect(report).toMatchObject({ present: true, valid: true, aiGenerated: true, signer: DEV_CERT_NAME });
    expect(report.klartext).toMatchObject({ campaignId: 'camp-1', segmentId: 'seg-a', developmentCertificate: true });
    expect(report.klartext?.manifest).toEqual({
      file: 'manifest.json',
      url: 'http://localhost:3000/api/provenance/{sha256}',
    });
  });

  it('reads back its own credentials as valid but not trusted when signed by the development certificate', async () => {
    const { path } = await credentialedMp4(dev);
    const report = await readContentCredentials(path);
    expect(report).toMatchObject({ present: true, valid: true, trusted: false, aiGenerated: true });
    expect(report.digitalSourceType).toBe(AI);
    expect(report.problems).toEqual([]);
  });

  it('reports a video changed after signing as invalid, in both readers', async () => {
    const { path } = await credentialedMp4(dev);
    const bytes = await readFile(path);
    const mdat = bytes.indexOf(Buffer.from('mdat'));
    bytes[mdat + 64] = (bytes[mdat + 64] as number) ^ 0xff;
    await writeFile(path, bytes);
    const report = await readContentCredentials(path);
    expect(report.present).toBe(true);
    expect(report.valid).toBe(false);
    expect(report.problems.join('\n')).toMatch(/mismatch/i);
    const read = readWithC2paPython(python as string, path);
    if ('error' in read) throw new Error(read.error);
    expect((JSON.parse(read.json) as { validation_state: string }).validation_state).toBe('Invalid');
  });

  it('reports no credentials in an MP4 without them and in a file that is no MP4', async () => {
    const dir = await tempDir('c2pa-plain-');
    expect(await readContentCredentials(await plainMp4(dir))).toMatchObject({ present: false, valid: false });
    await writeFile(join(dir, 'noise.mp4'), Buffer.alloc(2048, 7));
    expect(await readContentCredentials(join(dir, 'noise.mp4'))).toMatchObject({ present: false });
  });
});

/** The development key and chain made in `dataDir`, as PEM text. */
async function devPem(dataDir: string): Promise<string> {
  await loadOrCreateC2paCredentials({ dataDir });
  return readFile(join(dataDir, C2PA_DEV_FILE), 'utf8');
}

describe('loadOrCreateC2paCredentials', () => {
  it('makes a development certificate once, owner-only, and reuses it', async () => {
    const dataDir = await tempDir('c2pa-dev-');
    const [a, b] = await Promise.all([1, 2].map(() => loadOrCreateC2paCredentials({ dataDir })));
    expect(a?.chainDer[0]).toEqual(b?.chainDer[0]);
    expect(a).toMatchObject({ alg: 'es256', signer: DEV_CERT_NAME, development: true });
    expect(a?.chainDer).toHaveLength(2);
    expect((await stat(join(dataDir, C2PA_DEV_FILE))).mode & 0o777).toBe(0o600);
  });

  it('uses a configured certificate and key, as PEM text or files, and knows a development one by its name', async () => {
    const dataDir = await tempDir('c2pa-conf-');
    const dev = await devPem(dataDir);
    const keyPem = dev.slice(0, dev.indexOf('-----BEGIN CERTIFICATE'));
    const chainPem = dev.slice(keyPem.length);
    await writeFile(join(dataDir, 'chain.pem'), chainPem);
    await writeFile(join(dataDir, 'key.pem'), keyPem);
    const other = await tempDir('c2pa-conf-other-');
    const files = { cert: join(dataDir, 'chain.pem'), key: join(dataDir, 'key.pem'), dataDir: other };
    const fromFiles = await loadOrCreateC2paCredentials(files);
    const oneLine = keyPem.replaceAll('\n', '\\n');
    const fromText = await loadOrCreateC2paCredentials({ cert: chainPem, key: oneLine, dataDir: other });
    expect(fromFiles.chainDer[0]).toEqual(fromText.chainDer[0]);
    expect(fromFiles).toMatchObject({ signer: DEV_CERT_NAME, development: true });
  });

  it('refuses half a configuration, a key of another certificate and an unreadable file', async () => {
    const dataDir = await tempDir('c2pa-bad-');
    await expect(loadOrCreateC2paCredentials({ cert: 'x.pem', dataDir })).rejects.toThrow(/both KLARTEXT_C2PA_CERT/);
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const pem = await devPem(dataDir);
    expect(() => credentialsFromPem(otherKey, pem, 'test')).toThrow(/does not belong/);
    await expect(
      loadOrCreateC2paCredentials({ cert: join(dataDir, 'missing.pem'), key: otherKey, dataDir }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('configuration of the C2PA certificate', () => {
  it('takes PEM text as is and makes a file path absolute', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----';
    const config = loadConfig({ KLARTEXT_C2PA_CERT: 'certs/chain.pem', KLARTEXT_C2PA_KEY: pem }, '/srv/klartext');
    expect(config.c2pa).toEqual({ cert: '/srv/klartext/certs/chain.pem', key: pem });
    expect(loadConfig({}, '/srv/klartext').c2pa).toEqual({});
  });
});

describe('summariseManifestStore', () => {
  it('reports a store without an active manifest as absent', () => {
    expect(summariseManifestStore(JSON.stringify({ manifests: {} }))).toMatchObject({ present: false });
  });
  it(`names the ${KLARTEXT_ASSERTION} assertion's data when present`, () => {
    const store = {
      active_manifest: 'm',
      manifests: { m: { assertions: [{ label: KLARTEXT_ASSERTION, data: { campaignId: 'c' } }] } },
    };
    expect(summariseManifestStore(JSON.stringify(store)).klartext).toEqual({ campaignId: 'c' });
  });
});
