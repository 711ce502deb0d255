// The dev stack's session file: what `klartext dev` leaves in its data directory so CLI commands on the same machine
// find its API and act as its dev users.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The session file's content. */
export interface DevSession {
  apiUrl: string;
  /** `admin` is absent in sessions written by a `klartext dev` without a dev admin. */
  tokens: { manager: string; reviewer: string; admin?: string };
}

/** Where the session file of the dev stack using `dataDir` lives. */
export const devSessionFile = (dataDir: string): string => join(dataDir, 'dev.json');

/** Writes the session file; resolves to the function that removes it again. */
export async function writeDevSession(dataDir: string, session: DevSession): Promise<() => Promise<void>> {
  // Tokens in this file act as the dev users: readable by the owner only.
  await writeFile(devSessionFile(dataDir), JSON.stringify(session, null, 2), { mode: 0o600 });
  return () => rm(devSessionFile(dataDir), { force: true });
}

/** The running dev stack's session, or undefined when none is running in `dataDir`. */
export async function readDevSession(dataDir: string): Promise<DevSession | undefined> {
  return readFile(devSessionFile(dataDir), 'utf8').then(
    (text) => JSON.parse(text) as DevSession,
    () => undefined,
  );
}
