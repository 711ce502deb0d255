// `klartext dev` asked to stop while it is still starting stops the whole stack, its Temporal server included.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports.ts';
import { findServersOn, stopServersOn } from '../../dev/temporal-orphans.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'cli', 'main.ts');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) {
    await stopServersOn(join(d, 'temporal.db'), () => undefined, 1000);
    await rm(d, { recursive: true, force: true });
  }
});

describe('klartext dev stopped while starting', () => {
  it('stops everything it started when SIGTERM arrives before it is up', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klartext-dev-stop-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [CLI, 'dev'], {
      cwd: dataDir,
      env: {
        ...process.env,
        KLARTEXT_DATA_DIR: dataDir,
        KLARTEXT_OUT_DIR: join(dataDir, 'out'),
        KLARTEXT_CACHE_DIR: resolve(import.meta.dirname, '..', '..', '.cache'),
        KLARTEXT_TEMPORAL_PORT: String(await freePort()),
        KLARTEXT_TEMPORAL_UI_PORT: String(await freePort()),
        KLARTEXT_HTTP_PORT: String(await freePort()),
        KLARTEXT_NARRATION: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    const lines: string[] = [];
    let signalled = false;
    for await (const line of createInterface({ input: child.stdout! })) {
      lines.push(line);
      // The first thing the stack reports is its Temporal server; the database, API and worker are still to come.
      if (!signalled && line.startsWith('Temporal dev server')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    }
    const [code] = (await exited) as [number | null];
    expect(signalled).toBe(true);
    expect(code).toBe(0);
    expect(lines.some((l) => l.startsWith('Stopping'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Running.'))).toBe(false);
    expect(findServersOn(join(dataDir, 'temporal.db'))).toEqual([]);
  }, 120_000);
});
