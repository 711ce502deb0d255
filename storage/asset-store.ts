// Asset storage behind one interface: a segment's files (video, renditions, captions, transcripts, manifest) and
// respondent uploads, kept in a local directory (the embedded default) or an S3-compatible object store.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../shared/errors.ts';

/** What the store knows about a stored object. */
export interface StoredObject {
  size: number;
  /** SHA-256 recorded when the object was stored (S3 metadata); absent in the local directory. */
  sha256?: string;
  /** Changes whenever the object's bytes do (S3 ETag, or size and mtime of a file). */
  version: string;
}

/**
 * Where klartext keeps its assets. Keys are `/`-separated relative names (`<campaignId>/<segmentId>/video.mp4`); a
 * stored object appears whole or not at all to every reader.
 */
export interface AssetStore {
  readonly kind: 'local' | 's3';
  /** The directory or `s3://bucket/prefix` (and endpoint): for logs and error messages, never credentials. */
  readonly description: string;
  /**
   * Where files are written before `put`: the store's own directory when local (then `put` of a file already at its
   * key's place copies nothing), a scratch directory on this machine when the store is remote.
   */
  readonly stagingDir: string;
  /** The name of a key recorded in the database: its file path (local) or `s3://bucket/key`. */
  locationOf(key: string): string;
  /** The key's file on this machine when the store is a local directory; undefined for a remote store. */
  localPath(key: string): string | undefined;
  /** Stores the file at `key`, replacing what was there; the SHA-256 is recorded with the object when remote. */
  put(key: string, file: string, options?: { contentType?: string; sha256?: string }): Promise<void>;
  /** The object's size and version, or undefined when there is none. */
  head(key: string): Promise<StoredObject | undefined>;
  /** The object's bytes and size, or undefined when there is none. */
  read(key: string): Promise<{ body: Readable; size: number } | undefined>;
  /** Copies the object into `file`; false when there is none. */
  download(key: string, file: string): Promise<boolean>;
  /** Removes the object; a missing one is no error. */
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** A GET URL valid for `ttlSeconds` that needs no account (remote stores); undefined for the local directory. */
  presignGet(key: string, ttlSeconds: number): Promise<string | undefined>;
  /** Resolves when the store answers and may be written; throws a ConfigError saying what to fix otherwise. */
  check(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,200}$/;

/** Checks a key: relative, `/`-separated names of letters, digits, `.`, `_`, `-`, none of them `.` or `..`. */
export function checkKey(key: string): string {
  const parts = key.split('/');
  if (parts.some((p) => !SEGMENT.test(p) || p === '.' || p === '..')) {
    throw new InputError(`Asset key ${JSON.stringify(key)} is not a relative name of letters, digits, ".", "_", "-".`);
  }
  return key;
}

/** The key of a segment's file: `<campaignId>/<segmentId>/<file>`. */
export function segmentKey(campaignId: string, segmentId: string, file: string): string {
  return checkKey(`${campaignId}/${segmentId}/${file}`);
}

/** The MIME type an asset is stored and served with, by its name. */
export function contentTypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Runs `use` with a file on this machine holding the object at `key`: the store's own file when local, else a copy
 * downloaded into the staging directory and removed afterwards. `use` gets undefined when there is no such object.
 */
export async function withLocalCopy<T>(
  store: AssetStore,
  key: string,
  use: (path: string | undefined) => Promise<T>,
): Promise<T> {
  const own = store.localPath(key);
  if (own) return use((await store.head(key)) ? own : undefined);
  await mkdir(store.stagingDir, { recursive: true });
  const dir = await mkdtemp(join(store.stagingDir, '.copy-'));
  try {
    const path = join(dir, key.slice(key.lastIndexOf('/') + 1));
    return await use((await store.download(key, path)) ? path : undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
