// `klartext worker` across a database restart: the dropped connection is logged and the process keeps running.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    worker = h.spawnWorker({ DATABASE_URL: db.url });
    const exited = new Promise<number | null>((done) => worker!.once('exit', done));
    // The worker migrates at start; once the tables exist its pool holds an idle connection for the stop to drop.
    const migrations = (await readdir(join(import.meta.dirname, '..', '..', 'db', 'migrations'))).filter((f) =>
      f.endsWith('.sql'),
    );
    const probe = createPool(db.url, 1);
    const applied = () =>
      probe.query('SELECT count(*) AS n FROM schema_migrations').then(
        (r) => r.rows[0].n as number,
        () => 0,
      );
    await expect.poll(applied, { timeout: 60_000, interval: 200 }).toBe(migrations.length);
    await probe.end();
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
