// Folder channel: drops a delivery's files and a JSON sidecar into a directory (a CMS import folder, a mounted share)
// atomically and idempotently by delivery id; a retraction removes the media and leaves a tombstone.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryRejectedError, InputError } from '../shared/errors.ts';
import type { ChannelAdapter, Delivery, DeliveryResult, FolderDeliveryData, FolderFileName } from './channel.ts';
import { FOLDER_FILE_NAMES } from './channel.ts';
import { checkFolderDirectory } from './target-check.ts';

/** The tombstone a retraction leaves in the segment's folder. */
export const TOMBSTONE_NAME = 'RETRACTED.json';
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The file operations the adapter needs; injectable so a test can crash between writing and renaming. */
export interface FolderFileOps {
  rename(from: string, to: string): Promise<void>;
}

/** Where and how to drop files. */
export interface FolderChannelOptions {
  /** The drop directory; created when missing. Importers must ignore names starting with a dot (temporary files). */
  dir: string;
  fileOps?: FolderFileOps;
  /** When given, `dir` must lie inside one of these (see checkFolderDirectory), checked before each delivery. */
  roots?: readonly string[];
}

/**
 * Creates a folder channel. Each file lands under `<dir>/<campaignId>/<segmentId>/` by copy to a hidden temporary file
 * in the same directory, fsync, then rename, so an importer never sees a partial file under a final name. The
 * sidecar `<deliveryId>.json` is written last: its presence means the delivery is complete, and a repeated delivery
 * with the same content is a no-op (200; a first write answers 201).
 *
 * `video.retracted` writes `RETRACTED.json` first, then removes the media, then the sidecar: withdrawn medical guidance
 * must not stay importable, while the tombstone (and the earlier sidecars, which hold no media) tells importers to take
 * down copies they already made and records why.
 */
export function createFolderChannel(options: FolderChannelOptions): ChannelAdapter {
  const fileOps = options.fileOps ?? { rename };

  async function writeAtomically(folder: string, name: string, deliveryId: string, content: string | { from: string }) {
    const temporary = join(folder, `.${deliveryId}.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      if (typeof content === 'string') {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(content);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else {
        await copyFile(content.from, temporary);
        const handle = await open(temporary, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      await fileOps.rename(temporary, join(folder, name));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(folder);
  }

  async function deliver(delivery: Delivery): Promise<DeliveryResult> {
    const started = performance.now();
    const data = readData(delivery);
    if (options.roots) await checkFolderDirectory(options.dir, options.roots);
    const folder = join(options.dir, data.campaignId, data.segmentId);
    await mkdir(folder, { recursive: true });
    await removeStaleTemporaries(folder, delivery.deliveryId);
    const files = delivery.eventType === 'video.retracted' ? {} : await digests(data.files ?? {});
    const { files: _sources, ...rest } = data;
    // Local source paths stay out of the sidecar: they describe klartext's disk, not the delivery.
    const sidecar = `${JSON.stringify(
      {
        deliveryId: delivery.deliveryId,
        type: delivery.eventType,
        timestamp: delivery.timestamp.toISOString(),
        data: rest,
        files,
      },
      null,
      2,
    )}\n`;
    const sidecarName = `${delivery.deliveryId}.json`;
    const existing = await readFile(join(folder, sidecarName), 'utf8').catch(() => undefined);
    if (existing === sidecar) return { statusCode: 200, latencyMs: Math.round(performance.now() - started) };
    if (existing !== undefined) {
      throw new DeliveryRejectedError(
        `Folder ${folder} already holds delivery ${delivery.deliveryId} with different content; a delivery id must ` +
          'not be reused for other content: issue a video.replaced delivery with a new id instead.',
      );
    }
    if (delivery.eventType === 'video.retracted') {
      await writeAtomically(folder, TOMBSTONE_NAME, delivery.deliveryId, sidecar);
      for (const name of FOLDER_FILE_NAMES) await rm(join(folder, name), { force: true });
    } else {
      for (const [name, from] of Object.entries(data.files ?? {})) {
        await writeAtomically(folder, name, delivery.deliveryId, { from });
      }
      await rm(join(folder, TOMBSTONE_NAME), { force: true });
    }
    await writeAtomically(folder, sidecarName, delivery.deliveryId, sidecar);
    return { statusCode: 201, latencyMs: Math.round(performance.now() - started) };
  }

  return { deliver };
}

function readData(delivery: Delivery): FolderDeliveryData {
  const { campaignId, segmentId, files } = delivery.data as Partial<FolderDeliveryData>;
  for (const [what, value] of [
    ['deliveryId', delivery.deliveryId],
    ['data.campaignId', campaignId],
    ['data.segmentId', segmentId],
  ] as const) {
    if (typeof value !== 'string' || !SAFE_SEGMENT.test(value) || value.includes('..')) {
      throw new InputError(
        `Folder delivery ${JSON.stringify(delivery.deliveryId)}: ${what} must be 1–128 letters, digits, ".", "_" or "-" ` +
          `(it becomes a path segment), got ${JSON.stringify(value)}.`,
      );
    }
  }
  const unknown = Object.keys(files ?? {}).filter((name) => !(FOLDER_FILE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `Folder delivery ${delivery.deliveryId}: data.files names ${unknown.join(', ')}; allowed are ${FOLDER_FILE_NAMES.join(', ')}.`,
    );
  }
  return delivery.data as unknown as FolderDeliveryData;
}

async function digests(files: Partial<Record<FolderFileName, string>>) {
  const result: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, from] of Object.entries(files)) {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of createReadStream(from) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    result[name] = { sha256: hash.digest('hex'), bytes };
  }
  return result;
}

async function removeStaleTemporaries(folder: string, deliveryId: string): Promise<void> {
  // Left by an attempt that crashed before its rename; only this delivery's own, so parallel deliveries are untouched.
  const names = await readdir(folder);
  for (const name of names) {
    if (name.startsWith(`.${deliveryId}.`) && name.endsWith('.tmp')) await rm(join(folder, name), { force: true });
  }
}

async function syncDirectory(folder: string): Promise<void> {
  // Makes the rename itself durable; some platforms (Windows) cannot open a directory, which is harmless.
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EINVAL/EPERM on file systems that cannot sync a directory; the rename has still happened.
  } finally {
    await handle.close();
  }
}
