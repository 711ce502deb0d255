// File helpers for render outputs: atomic publication (temp name + rename) and streamed SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sibling temp path for `finalPath`: same directory, so the final rename is atomic on one filesystem. */
export function tempPathFor(finalPath: string): string {
  const nonce = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(finalPath), `.${basename(finalPath)}.${nonce}.partial`);
}

/**
 * Lets `produce` write to a temp path, then renames it onto `finalPath`. A crash or kill mid-way leaves at most
 * a `.partial` file behind, never a half-written file under the final name.
 */
export async function publishAtomically(
  finalPath: string,
  produce: (tempPath: string) => Promise<void>,
): Promise<void> {
  const temp = tempPathFor(finalPath);
  try {
    await produce(temp);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes `content` to `finalPath` atomically and returns its SHA-256 (hex). */
export async function writeFileAtomically(finalPath: string, content: string | Uint8Array): Promise<string> {
  await publishAtomically(finalPath, (temp) => writeFile(temp, content));
  return createHash('sha256').update(content).digest('hex');
}

/** SHA-256 (hex) of a file, streamed so large videos are never held in memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
