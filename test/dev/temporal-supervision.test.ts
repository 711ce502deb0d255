// The embedded Temporal server never outlives its stack, and a restart after SIGKILL runs exactly one server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/ports.ts';
import { startEmbeddedTemporal } from '../../dev/temporal-dev-server.ts';
import { findServersOn, isRunning, stopServersOn } from '../../dev/temporal-orphans.ts';

const script = resolve(import.meta.dirname, 'start-temporal.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) {
    await stopServersOn(join(d, 'temporal.db'), () => undefined, 1000);
    await rm(d, { recursive: true, force: true });
  }
});

async function startStackProcess(dataDir: string, port: number): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, [script, dataDir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const { value: line } = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  return { child, pid: (JSON.parse(String(line)) as { pid: number }).pid };
}

describe('embedded Temporal supervision', () => {
  it('stops a process still serving our SQLite file', async () => {
    const dbFile = join(tmpdir(), `klartext-orphan-${process.pid}.db`);
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', `--db-filename=${dbFile}`]);
    await sleep(200);
    expect(findServersOn(dbFile)).toEqual([orphan.pid]);
    expect(await stopServersOn(dbFile, () => undefined, 2000)).toEqual([orphan.pid]);
    expect(isRunning(orphan.pid!)).toBe(false);
  });

  it('refuses to start a persisted server on a data directory whose lock it does not hold', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klartext-unlocked-'));
    dirs.push(dataDir);
    const start = startEmbeddedTemporal({
      env: process.env,
      dataDir,
      cacheDir: resolve(import.meta.dirname, '../../.cache'),
      port: await freePort(),
      uiPort: 0,
      ui: false,
      persist: true,
      log: () => undefined,
    });
    await expect(start).rejects.toThrow(/klartext\.lock is not held by this process/);
    expect(findServersOn(join(dataDir, 'temporal.db'))).toEqual([]);
  });

  it('runs exactly one working server after the stack is killed with SIGKILL and started again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'klartext-supervise-'));
    dirs.push(dataDir);
    const dbFile = join(dataDir, 'temporal.db');
    const port = await freePort();
    const first = await startStackProcess(dataDir, port);
    expect(first.pid).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    const second = await startStackProcess(dataDir, port);
    expect(isRunning(first.pid)).toBe(false);
    expect(findServersOn(dbFile)).toEqual([second.pid]);
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    } finally {
      await connection.close();
    }
    // The watchdog stops the server once its parent is gone, without another start.
    second.child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (isRunning(second.pid) && Date.now() < deadline) await sleep(200);
    expect(isRunning(second.pid)).toBe(false);
  }, 60_000);
});
