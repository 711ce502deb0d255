// One klartext stack per data directory: PGlite and the Temporal SQLite file must never be opened twice.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../shared/errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dataDir>/klartext.lock` (a stale lock of a dead process is taken over); returns its release. */
export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'klartext.lock');
  for (let i = 0; i < 2; i++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) {
        throw new ConfigError(
          `Another klartext process (pid ${pid}) is using ${dataDir}. Stop it, or use its services with ` +
            `TEMPORAL_ADDRESS and DATABASE_URL, or give this run its own KLARTEXT_DATA_DIR.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new ConfigError(`Could not take the lock ${file}; remove it if no klartext process is running.`);
}

/** Notes the embedded Temporal server's pid and SQLite file in the lock, for whoever finds it stale. */
export async function recordTemporalChild(dataDir: string, pid: number, dbFile: string): Promise<void> {
  await appendFile(join(dataDir, 'klartext.lock'), `\ntemporal ${pid} ${dbFile}`).catch(() => undefined);
}

/** Throws unless this process holds `<dataDir>/klartext.lock`: state files are opened only under the lock. */
export async function assertDataDirLockHeld(dataDir: string): Promise<void> {
  const file = join(dataDir, 'klartext.lock');
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  if (pid !== process.pid) {
    throw new ConfigError(
      `The lock ${file} is not held by this process, so ${dataDir} may be in use by another klartext process; ` +
        `start the embedded services through \`klartext dev\` (or startStack), which takes the lock first.`,
    );
  }
}
