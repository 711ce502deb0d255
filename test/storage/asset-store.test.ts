// The asset store's contract, run alike against the local directory and an S3-protocol server (moto, from PyPI):
// put, head, read, download, delete and list; presigned links fetched over HTTP; clear errors for a wrong store.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMotoServer, type MotoServer } from '../../dev/moto-server.ts';
import type { SecretBox } from '../../db/secrets.ts';
import { ConfigError } from '../../shared/errors.ts';
import { checkKey, segmentKey, withLocalCopy, type AssetStore } from '../../storage/asset-store.ts';
import { createAssetStore } from '../../storage/index.ts';
import { createLocalAssetStore } from '../../storage/local-store.ts';
import { createS3AssetStore } from '../../storage/s3-store.ts';

let moto: MotoServer;
let tmp: string;
const credentials = { AWS_ACCESS_KEY_ID: 'klartext-test', AWS_SECRET_ACCESS_KEY: 'klartext-test-secret' };
beforeAll(async () => {
  Object.assign(process.env, credentials);
  tmp = await mkdtemp(join(inject('tmpRoot'), 'asset-store-'));
  moto = await startMotoServer({ cacheDir: resolve('.cache'), log: () => {} });
  const client = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true });
  await client.send(new CreateBucketCommand({ Bucket: 'contract' }));
  client.destroy();
}, 180_000);
afterAll(async () => {
  await moto?.stop();
});

const s3 = (prefix: string) =>
  createS3AssetStore({
    bucket: 'contract',
    prefix,
    endpoint: moto.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    stagingDir: join(tmp, 'scratch'),
  });

const stores: [string, () => AssetStore][] = [
  ['local directory', () => createLocalAssetStore(join(tmp, `local-${randomBytes(3).toString('hex')}`))],
  ['S3 bucket (moto)', () => s3(`agency-${randomBytes(3).toString('hex')}`)],
];

async function fileWith(content: string): Promise<string> {
  const path = join(tmp, `src-${randomBytes(4).toString('hex')}.txt`);
  await writeFile(path, content);
  return path;
}

describe.each(stores)('asset store: %s', (_name, make) => {
  it('stores a file and gives it back whole, with its size', async () => {
    const store = make();
    const key = segmentKey('camp-1', 'seg-a', 'transcript.txt');
    expect(await store.head(key)).toBeUndefined();
    expect(await store.read(key)).toBeUndefined();
    await store.put(key, await fileWith('first words\n'));
    expect(await store.head(key)).toMatchObject({ size: 12 });
    const object = await store.read(key);
    expect(object?.size).toBe(12);
    expect(await text(object!.body)).toBe('first words\n');
    const copy = join(tmp, `copy-${randomBytes(3).toString('hex')}`, 'out.txt');
    expect(await store.download(key, copy)).toBe(true);
    expect(await readFile(copy, 'utf8')).toBe('first words\n');
    expect(await store.download(segmentKey('camp-1', 'seg-a', 'missing.txt'), copy)).toBe(false);
  });

  it('replaces an object, changing its version', async () => {
    const store = make();
    const key = segmentKey('camp-1', 'seg-a', 'captions.vtt');
    await store.put(key, await fileWith('WEBVTT\n\none'));
    const before = await store.head(key);
    await store.put(key, await fileWith('WEBVTT\n\ntwo, longer'));
    const after = await store.head(key);
    expect(after?.version).not.toBe(before?.version);
    expect(await text((await store.read(key))!.body)).toBe('WEBVTT\n\ntwo, longer');
  });

  it('lists keys under a prefix and deletes one, a missing one being no error', async () => {
    const store = make();
    for (const name of ['video.mp4', 'captions.vtt']) {
      await store.put(segmentKey('camp-2', 'seg-a', name), await fileWith(name));
    }
    await store.put(segmentKey('camp-2', 'seg-b', 'video.mp4'), await fileWith('b'));
    await store.put(segmentKey('camp-3', 'seg-a', 'video.mp4'), await fileWith('other campaign'));
    expect(await store.list('camp-2/')).toEqual([
      'camp-2/seg-a/captions.vtt',
      'camp-2/seg-a/video.mp4',
      'camp-2/seg-b/video.mp4',
    ]);
    await store.delete('camp-2/seg-a/video.mp4');
    await store.delete('camp-2/seg-a/never-there.mp4');
    expect(await store.list('camp-2/seg-a/')).toEqual(['camp-2/seg-a/captions.vtt']);
    expect(await store.head('camp-2/seg-a/video.mp4')).toBeUndefined();
  });

  it('hands out a file on this machine for an object, and nothing for a missing one', async () => {
    const store = make();
    const key = segmentKey('camp-4', 'seg-a', 'manifest.json');
    await store.put(key, await fileWith('{"ok":true}'));
    expect(await withLocalCopy(store, key, async (path) => path && readFile(path, 'utf8'))).toBe('{"ok":true}');
    expect(await withLocalCopy(store, `${key}.gone`, async (path) => path)).toBeUndefined();
  });

  it('refuses a key that could leave the store', async () => {
    const store = make();
    for (const key of ['../etc/passwd', '/abs/file', 'a//b', 'camp/./x', 'camp/seg/../../x', 'camp/seg/x y']) {
      await expect(store.put(key, await fileWith('x'))).rejects.toThrow(/not a relative name/);
    }
    expect(() => checkKey('camp-1/seg-a/video-9x16.mp4')).not.toThrow();
  });

  it('answers its readiness check', async () => {
    await expect(make().check()).resolves.toBeUndefined();
  });
});

describe('S3 asset store', () => {
  it('records the SHA-256 with each object', async () => {
    const store = s3('sha');
    const path = await fileWith('hash me');
    await store.put('c/s/transcript.txt', path);
    const sha256 = createHash('sha256').update('hash me').digest('hex');
    expect(await store.head('c/s/transcript.txt')).toMatchObject({ size: 7, sha256 });
    expect(store.locationOf('c/s/transcript.txt')).toBe('s3://contract/sha/c/s/transcript.txt');
    expect(store.localPath('c/s/transcript.txt')).toBeUndefined();
  });

  it('hands out presigned GET links that fetch the object over HTTP without credentials, for the TTL asked', async () => {
    const store = s3('links');
    await store.put('c/s/video.mp4', await fileWith('not really a video'));
    const url = await store.presignGet('c/s/video.mp4', 900);
    const link = new URL(url!);
    expect(link.origin).toBe(moto.endpoint);
    expect(link.pathname).toBe('/contract/links/c/s/video.mp4');
    expect(link.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // Signed now: the link's own start time lies within the last minute.
    const signedAt = link.searchParams
      .get('X-Amz-Date')!
      .replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    expect(Math.abs(Date.now() - Date.parse(signedAt))).toBeLessThan(60_000);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(await res.text()).toBe('not really a video');
  });

  it('says which store did not answer and what to check, for a missing bucket and an unreachable endpoint', async () => {
    const missing = createS3AssetStore({
      bucket: 'no-such-bucket',
      prefix: '',
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      stagingDir: tmp,
    });
    const refused = await missing.check().catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(
      /s3:\/\/no-such-bucket at http.*no such bucket \(HTTP 404\).*KLARTEXT_ASSET_STORE/,
    );
    const down = createS3AssetStore({
      bucket: 'contract',
      prefix: '',
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      stagingDir: tmp,
    });
    await expect(down.check()).rejects.toThrow(
      /s3:\/\/contract at http:\/\/127\.0\.0\.1:9 did not answer: ECONNREFUSED/,
    );
  }, 60_000);

  it('is built from configuration: s3:// with a prefix, else the local directory', () => {
    const local = createAssetStore({ assets: { kind: 'local' }, outDir: join(tmp, 'out'), dataDir: tmp });
    expect(local.kind).toBe('local');
    const remote = createAssetStore({
      assets: { kind: 's3', bucket: 'contract', prefix: 'a/b', region: 'eu-central-1', forcePathStyle: false },
      outDir: join(tmp, 'out'),
      dataDir: tmp,
    });
    expect(remote.description).toBe('s3://contract/a/b');
    expect(remote.stagingDir).toBe(join(tmp, 'scratch'));
  });
});

describe('local asset store', () => {
  it('writes nothing for a file already at its place, and removes emptied folders below the top one', async () => {
    const root = join(tmp, 'in-place');
    const store = createLocalAssetStore(root);
    const key = '.uploads/u1/rows.csv';
    const path = store.localPath(key)!;
    await store.put(key, await fileWith('a,b\n'));
    expect(path).toBe(join(root, '.uploads', 'u1', 'rows.csv'));
    await store.put(key, path);
    expect(await readFile(path, 'utf8')).toBe('a,b\n');
    await store.delete(key);
    expect(await store.list('.uploads/')).toEqual([]);
    expect(await readdir(join(root, '.uploads'))).toEqual([]);
  });

  it('has no presigned links: the API serves the files', async () => {
    expect(await createLocalAssetStore(tmp).presignGet('c/s/video.mp4', 60)).toBeUndefined();
  });
});

describe('/assets on an S3 store', () => {
  it('streams a stored file to a signed link, and answers 503 (not 500) while the store does not answer', async () => {
    const { assetRoutes } = await import('../../api/routes/assets.ts');
    const { signAssetUrl } = await import('../../channels/asset-urls.ts');
    const key = randomBytes(32);
    const secrets = { deriveKey: () => key, deriveKeys: () => [key] } as unknown as SecretBox;
    const { errorResponse } = await import('../../api/errors.ts');
    // Mounted as the API mounts it, with its one error mapping.
    const routes = (assets: AssetStore) =>
      new Hono()
        .route(
          '/',
          assetRoutes({ pool: undefined as never, temporal: undefined as never, outDir: tmp, secrets, assets }),
        )
        .onError(errorResponse);
    const store = s3('served');
    await store.put('c-1/s-1/captions.vtt', await fileWith('WEBVTT\n'));
    const link = (file: string) =>
      signAssetUrl(key, 'http://klartext.test', `/c-1/s-1/${file}`, Date.now() / 1000, 60).replace(
        'http://klartext.test',
        '',
      );
    const ok = await routes(store).request(link('captions.vtt'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await ok.text()).toBe('WEBVTT\n');
    expect((await routes(store).request(link('transcript.txt'))).status).toBe(404);
    const down = createS3AssetStore({
      bucket: 'contract',
      prefix: 'served',
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      stagingDir: tmp,
    });
    const refused = await routes(down).request(link('captions.vtt'));
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/asset store does not answer/);
  }, 60_000);
});
