// `klartext worker` across a database restart: the dropped connection is logged and the process keeps running.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { createPool } from '../../db/pool.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../dev/pglite-server.ts';
import { freePort } from '../../dev/ports.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let dataDir: string;
let db: EmbeddedDatabase | undefined;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  h = await createHarness();
  dataDir = await mkdtemp(join(tmpdir(), 'klartext-worker-db-'));
}, 120_000);
afterAll(async () => {
  worker?.kill('SIGKILL');
  await db?.stop();
  await h?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('klartext worker', () => {
  it('keeps running when its database stops and restarts', async () => {
    const port = await freePort();
    db = await startEmbeddedDatabase({ dataDir, port });
    // `klartext migrate` is the schema's owner; the worker only checks it is current.
    const owner = createPool(db.url, 1);
    await migrate(owner);
    await owner.end();
    const healthPort = await freePort();
    worker = h.spawnWorker({ DATABASE_URL: db.url, KLARTEXT_WORKER_HEALTH_PORT: String(healthPort) });
    const exited = new Promise<number | null>((done) => worker!.once('exit', done));
    // Ready means its pool reached the database: the stop below drops a connection the worker holds.
    const ready = () =>
      fetch(`http://127.0.0.1:${healthPort}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
    await expect.poll(ready, { timeout: 60_000, interval: 200 }).toBe(200);
    await new Promise((done) => setTimeout(done, 500));

    await db.stop();
    db = undefined;
    const crashed = await Promise.race([exited, new Promise((done) => setTimeout(() => done('running'), 3_000))]);
    expect(crashed).toBe('running');
    db = await startEmbeddedDatabase({ dataDir, port });
    const after = await Promise.race([exited, new Promise((done) => setTimeout(() => done('running'), 1_000))]);
    expect(after).toBe('running');
  }, 120_000);
});
