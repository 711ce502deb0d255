// The embedded default asset store: a local directory, `<outDir>/<campaignId>/<segmentId>/<file>`.
import { constants, createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import { checkKey, type AssetStore } from './asset-store.ts';

/** The asset store in directory `root`: files are written in place, so rendering into it stores them. */
export function createLocalAssetStore(root: string): AssetStore {
  const base = resolve(root);
  const pathOf = (key: string) => join(base, ...checkKey(key).split('/'));
  const head = async (key: string) => {
    const info = await stat(pathOf(key)).catch(() => undefined);
    return info?.isFile() ? { size: info.size, version: `${info.size}:${info.mtimeMs}` } : undefined;
  };
  return {
    kind: 'local',
    description: `directory ${base}`,
    stagingDir: base,
    locationOf: pathOf,
    localPath: pathOf,
    async put(key, file) {
      const target = pathOf(key);
      if (resolve(file) === target) return;
      await mkdir(dirname(target), { recursive: true });
      await copyAtomically(file, target);
    },
    head,
    async read(key) {
      const info = await head(key);
      return info && { body: createReadStream(pathOf(key)), size: info.size };
    },
    async download(key, file) {
      if (!(await head(key))) return false;
      await mkdir(dirname(file), { recursive: true });
      await copyAtomically(pathOf(key), file);
      return true;
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true });
      // Folders emptied by the removal go too (an upload's own folder), down to the key's top folder, which stays.
      const top = join(base, key.split('/')[0]!);
      for (let dir = dirname(path); dir.startsWith(top + sep); dir = dirname(dir)) {
        const removed = await rmdir(dir).then(
          () => true,
          () => false,
        );
        if (!removed) break;
      }
    },
    async list(prefix) {
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isFile())
        .map((e) => relative(base, join(e.parentPath, e.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    presignGet: () => Promise.resolve(undefined),
    async check() {
      try {
        await mkdir(base, { recursive: true });
        await access(base, constants.W_OK);
      } catch (err) {
        throw new ConfigError(
          `The asset directory ${base} cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ` +
            'set KLARTEXT_OUT_DIR to a writable directory, or KLARTEXT_ASSET_STORE to an S3 bucket.',
          { cause: err },
        );
      }
    },
  };
}

/** Copies to a hidden sibling, then renames: a reader sees the old file or the whole new one, never a part. */
async function copyAtomically(from: string, to: string): Promise<void> {
  const temp = join(dirname(to), `.${basename(to)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    await copyFile(from, temp);
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
