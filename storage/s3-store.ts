// The asset store in an S3-compatible bucket (AWS, MinIO, Ceph, European clouds): the official SDK, credentials from
// its default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles), presigned expiring GET URLs.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConfigError } from '../shared/errors.ts';
import { checkKey, contentTypeOf, type AssetStore } from './asset-store.ts';

/** Where the bucket is: see the README's configuration table (KLARTEXT_ASSET_STORE, KLARTEXT_S3_*). */
export interface S3StoreOptions {
  bucket: string;
  /** Prepended to every key, without a trailing `/` (empty: the bucket's root). */
  prefix: string;
  /** An S3-compatible service's URL (MinIO, Ceph, a European cloud); absent: AWS. */
  endpoint?: string;
  region: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`: most self-hosted services want it. */
  forcePathStyle: boolean;
  /** This machine's scratch directory (renders are written here, then uploaded). */
  stagingDir: string;
}

const notFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound');

/** The asset store in `options.bucket`; nothing is contacted before the first call (`check` at start-up). */
export function createS3AssetStore(options: S3StoreOptions): AssetStore {
  const { bucket, prefix, stagingDir } = options;
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // Checksums only where S3 requires them: several S3-compatible services refuse the newer default trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  const where = `s3://${bucket}${prefix ? `/${prefix}` : ''}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
  const objectKey = (key: string) => (prefix ? `${prefix}/${checkKey(key)}` : checkKey(key));
  const head = async (key: string) => {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return {
        size: out.ContentLength ?? 0,
        version: out.ETag ?? String(out.LastModified?.getTime() ?? ''),
        ...(out.Metadata?.sha256 ? { sha256: out.Metadata.sha256 } : {}),
      };
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  };
  const read = async (key: string) => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return { body: out.Body as Readable, size: out.ContentLength ?? 0 };
    } catch (err) {
      if (notFound(err) || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  };
  return {
    kind: 's3',
    description: where,
    stagingDir,
    locationOf: (key) => `s3://${bucket}/${objectKey(key)}`,
    localPath: () => undefined,
    async put(key, file, opts = {}) {
      const { size } = await stat(file);
      const sha256 = opts.sha256 ?? (await sha256Of(file));
      // One PUT: S3 stores the object whole or not at all, so no reader ever sees a part of it.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: createReadStream(file),
          ContentLength: size,
          ContentType: opts.contentType ?? contentTypeOf(key),
          Metadata: { sha256 },
        }),
      );
    },
    head,
    read,
    async download(key, file) {
      const object = await read(key);
      if (!object) return false;
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.partial`;
      try {
        await pipeline(object.body, createWriteStream(temp));
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return true;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
    async list(start) {
      const keys: string[] = [];
      let token: string | undefined;
      const base = prefix ? `${prefix}/` : '';
      do {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: base + start, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(base.length));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    presignGet: (key, ttlSeconds) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }), { expiresIn: ttlSeconds }),
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        throw new ConfigError(
          `The asset store ${where} did not answer: ${describe(err)}. Check KLARTEXT_ASSET_STORE (s3://bucket/prefix), ` +
            'KLARTEXT_S3_ENDPOINT, KLARTEXT_S3_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ' +
            'AWS_PROFILE); the bucket must exist and allow s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject.',
          { cause: err },
        );
      }
    },
  };
}

/** An SDK failure in a few words: the HTTP status and S3 error name, or the network error. */
function describe(err: unknown): string {
  if (err instanceof S3ServiceException) {
    const status = err.$metadata.httpStatusCode;
    const name = status === 404 ? 'no such bucket' : status === 403 ? 'access denied' : err.name;
    return `${name}${status ? ` (HTTP ${status})` : ''}`;
  }
  const e = err as { code?: string; name?: string; message?: string };
  return e.code ?? e.message ?? e.name ?? String(err);
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
